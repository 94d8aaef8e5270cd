import Foundation
import Hummingbird
import Logging
import SOAP
import STS
import XMLCore

/// Answers SOAP requests POSTed to an STS endpoint: reads the body up to the limit (413 above
/// it), takes the SOAP version from the Content-Type (415 for anything else), parses the
/// envelope with the hardened parser, refuses a mandatory header block the endpoint does not
/// understand, settles the action, asks the token service, and sends the
/// response with the request's media type and the status the SOAP HTTP binding gives its fault.
/// Malformed input is answered with a fault carrying a fixed reason: nothing about the parser,
/// the process or the configuration reaches the peer. One log line and one metrics observation
/// per request (tokens issued and refused are counted from the token service's audit events).
struct STSRequestHandler: Sendable {
    let service: any TokenServiceEndpoint
    let maxRequestBytes: Int
    /// Decides per request whether it came over TLS, and from whom.
    let transports: TransportDecision
    let metrics: ServerMetrics

    func respond(to request: Request, context: some RequestContext, endpoint: STSEndpoint) async -> Response {
        let started = ContinuousClock.now
        let posted: SOAPHTTPBinding.PostedRequest
        switch await SOAPHTTPBinding.read(request, maxRequestBytes: maxRequestBytes) {
        case .posted(let request):
            posted = request
        case .refused(let refusal):
            switch refusal {
            case .unsupportedMediaType:
                finish(RequestObservation(endpoint: endpoint, binding: nil, action: nil, outcome: .unsupportedMediaType, status: 415,
                                          duration: .now - started), logger: context.logger)
            case .tooLarge(let announced, let action):
                finish(RequestObservation(endpoint: endpoint, binding: announced, action: action, outcome: .payloadTooLarge, status: 413,
                                          duration: .now - started), logger: context.logger)
            case .connectionFailed:
                break
            }
            return refusal.response
        }

        let answer = await answer(posted, endpoint: endpoint, transport: transports.transport(of: request, context: context))
        let status = SOAPHTTPBinding.status(of: answer.fault, version: posted.version)
        let observation = RequestObservation(endpoint: endpoint, binding: posted.version, action: answer.action,
                                             outcome: answer.fault.map(RequestObservation.Outcome.fault) ?? .success, status: status, duration: .now - started)
        finish(observation, logger: context.logger)
        return SOAPHTTPBinding.response(answer.envelope, version: posted.version, status: status)
    }

    /// The service's answer to a request body, with what the metrics and the log need.
    private struct Answer {
        var envelope: SOAPEnvelope
        var fault: SOAPFault?
        var action: String?

        init(fault: SOAPFault, version: SOAPVersion, action: String?) {
            envelope = fault.envelope(version)
            self.fault = fault
            self.action = action
        }

        init(envelope: SOAPEnvelope, action: String?) {
            self.envelope = envelope
            fault = SOAPHTTPBinding.fault(in: envelope)
            self.action = action
        }
    }

    private func answer(_ posted: SOAPHTTPBinding.PostedRequest, endpoint: STSEndpoint, transport: RequestTransport) async -> Answer {
        let request: SOAPEnvelope
        let action: String?
        switch SOAPHTTPBinding.parse(posted, maxRequestBytes: maxRequestBytes, understood: endpoint.understoodHeaders) {
        case .refused(let fault, let knownAction):
            return Answer(fault: fault, version: posted.version, action: knownAction)
        case .envelope(let envelope, let settled):
            request = envelope
            action = settled
        }
        let response = await service.respond(to: request, context: EndpointRequest(endpoint: endpoint, action: action, transport: transport))
        return Answer(envelope: response, action: action)
    }

    /// Records the request in the metrics and writes its log line.
    private func finish(_ observation: RequestObservation, logger: Logger) {
        metrics.record(observation)
        logger.info("sts request", metadata: [
            "endpoint": "\(observation.endpoint.name)",
            "binding": "\(observation.bindingLabel)",
            "action": "\(Self.truncated(observation.action ?? "-"))",
            "outcome": "\(observation.outcome.label)",
            "status": "\(observation.status)",
            "latency_ms": "\(Self.milliseconds(observation.duration))",
        ])
    }

    /// Peer-supplied text for a log line, cut to a length that cannot flood the log.
    static func truncated(_ text: String, limit: Int = 256) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String(format: "%.2f", value)
    }
}
