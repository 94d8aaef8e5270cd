import Foundation
import Hummingbird
import Logging
import SOAP
import STS
import XMLCore

/// Answers SOAP requests POSTed to an STS endpoint through the ``SOAPRequestPipeline`` every
/// endpoint shares, asking the token service. Malformed input is answered with a fault carrying
/// a fixed reason: nothing about the parser, the process or the configuration reaches the peer. One log line and one metrics observation
/// per request (tokens issued and refused are counted from the token service's audit events).
struct STSRequestHandler: Sendable {
    let service: any TokenServiceEndpoint
    let maxRequestBytes: Int
    /// Decides per request whether it came over TLS, and from whom.
    let transports: TransportDecision
    let metrics: ServerMetrics

    func respond(to request: Request, context: some RequestContext, endpoint: STSEndpoint) async -> Response {
        let transport = transports.transport(of: request, context: context)
        return await SOAPRequestPipeline(maxRequestBytes: maxRequestBytes).respond(to: request, understood: endpoint.understoodHeaders) {
            envelope, action, addressing in
            await service.respond(
                to: envelope, context: EndpointRequest(endpoint: endpoint, action: action, transport: transport, addressing: addressing))
        } observe: { observed in
            finish(
                RequestObservation(
                    endpoint: endpoint, binding: observed.binding, action: observed.action, outcome: observed.outcome,
                    status: observed.status, duration: observed.duration), logger: context.logger)
        }
    }

    /// Records the request in the metrics and writes its log line.
    private func finish(_ observation: RequestObservation, logger: Logger) {
        metrics.record(observation)
        logger.info(
            "sts request",
            metadata: [
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
