import Hummingbird
import SOAP

/// The request pipeline every SOAP endpoint of the server shares (the STS, the
/// secure-conversation services, the sample provider): read the body up to the limit (413 above
/// it), take the SOAP version from the Content-Type (415 for anything else), parse the envelope
/// with the hardened parser, refuse a mandatory header block the endpoint does not understand,
/// settle the action, hand the envelope to the endpoint's service, and send its answer with the
/// request's media type and the status the SOAP HTTP binding gives a fault. Every request that
/// was read is reported once to the endpoint's observer, for its metrics and its log line.
struct SOAPRequestPipeline: Sendable {
    /// What one request came to, for metrics and the log.
    struct Observation: Sendable {
        /// The SOAP version the Content-Type announced; nil when it announced none.
        var binding: SOAPVersion?
        /// The settled action, or the action known when the request was refused.
        var action: String?
        /// The fault sent, if any.
        var fault: SOAPFault?
        var outcome: RequestObservation.Outcome
        var status: Int
        var duration: Duration
    }

    /// Largest request body accepted, in bytes.
    let maxRequestBytes: Int

    /// Answers `request`: `handle` receives the parsed envelope, its action and its WS-Addressing
    /// headers as the binding read them, and returns the answer (a fault envelope for a
    /// refusal); `observe` receives what the request came to.
    func respond(
        to request: Request, understood: UnderstoodHeaderBlocks,
        handle: (SOAPEnvelope, _ action: String?, _ addressing: AddressingHeaders?) async -> SOAPEnvelope,
        observe: (Observation) -> Void
    ) async -> Response {
        let started = ContinuousClock.now
        let posted: SOAPHTTPBinding.PostedRequest
        switch await SOAPHTTPBinding.read(request, maxRequestBytes: maxRequestBytes) {
        case .posted(let request):
            posted = request
        case .refused(let refusal):
            switch refusal {
            case .unsupportedMediaType:
                observe(Observation(binding: nil, action: nil, outcome: .unsupportedMediaType, status: 415, duration: .now - started))
            case .tooLarge(let announced, let action):
                observe(Observation(binding: announced, action: action, outcome: .payloadTooLarge, status: 413, duration: .now - started))
            case .connectionFailed:
                break
            }
            return refusal.response
        }

        let answer: SOAPEnvelope
        let action: String?
        switch SOAPHTTPBinding.parse(posted, maxRequestBytes: maxRequestBytes, understood: understood) {
        case .refused(let fault, let knownAction):
            answer = fault.envelope(posted.version)
            action = knownAction
        case .envelope(let envelope, let settled, let addressing):
            answer = await handle(envelope, settled, addressing)
            action = settled
        }
        let fault = SOAPHTTPBinding.fault(in: answer)
        let status = SOAPHTTPBinding.status(of: fault, version: posted.version)
        observe(
            Observation(
                binding: posted.version, action: action, fault: fault, outcome: fault.map(RequestObservation.Outcome.fault) ?? .success,
                status: status, duration: .now - started))
        return SOAPHTTPBinding.response(answer, version: posted.version, status: status)
    }
}

extension SOAPRequestPipeline.Observation {
    /// The fault code as a log line shows it (`wsse:InvalidSecurity`), or `success`.
    var outcomeText: String {
        fault.map { $0.securityFaultCode?.description ?? "\($0.code)" } ?? "success"
    }
}
