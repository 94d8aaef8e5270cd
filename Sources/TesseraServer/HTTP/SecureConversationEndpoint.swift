import Hummingbird
import Logging
import SOAP
import SecureConversation

/// A WS-SecureConversation service over HTTP: SOAP 1.1 and 1.2 requests POSTed to one path go
/// to a ``SecureConversation/SecureConversationService`` (context establishment, Renew, Cancel
/// and the application messages under a context), and its answer goes back with the request's
/// media type.
///
/// Refuses, as the STS endpoint does: a body above ``maxRequestBytes`` (413), a media type that
/// is not `text/xml` or `application/soap+xml` (415), bytes that are not an envelope of the
/// announced version, a mandatory header block not in ``understoodHeaders`` (a `MustUnderstand`
/// fault), and a SOAP action that contradicts `wsa:Action` (faults). A fault goes out
/// with the status the SOAP HTTP binding gives it (SOAP 1.1: 500; SOAP 1.2: 400 for `Sender`,
/// 500 otherwise). One log line per request, without peer secrets, and with ``metrics`` one
/// observation (`tessera_sc_requests_total`, `tessera_sc_request_duration_seconds`).
public struct SecureConversationEndpoint: Sendable {
    /// The HTTP path requests are POSTed to.
    public let path: String
    public let service: SecureConversationService
    /// Largest request body accepted, in bytes.
    public let maxRequestBytes: Int
    /// Decides per request whether it came over TLS (a TLS listener, or a trusted
    /// TLS-terminating proxy that says so): the bootstraps that need TLS refuse the requests
    /// that did not come over it.
    public let transports: TransportDecision
    /// Where each request is counted; nil counts nothing.
    public let metrics: ServerMetrics?
    /// The header blocks the service processes; a request marking any other block
    /// `mustUnderstand` is refused.
    public let understoodHeaders: UnderstoodHeaderBlocks

    /// The default limit: a secured application message of a few kilobytes, with room to spare.
    public static let defaultMaxRequestBytes = 262_144

    public init(path: String, service: SecureConversationService, maxRequestBytes: Int = defaultMaxRequestBytes,
                transports: TransportDecision = .plainHTTP, metrics: ServerMetrics? = nil,
                understoodHeaders: UnderstoodHeaderBlocks = .securityAndAddressing) {
        self.path = path
        self.service = service
        self.maxRequestBytes = maxRequestBytes
        self.transports = transports
        self.metrics = metrics
        self.understoodHeaders = understoodHeaders
    }

    /// Adds `POST path` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post(RouterPath(path)) { request, context in
            await respond(to: request, transport: transports.transport(of: request, context: context), logger: context.logger)
        }
    }

    /// Answers one POSTed request that arrived as `transport` says.
    public func respond(to request: Request, transport: RequestTransport, logger: Logger) async -> Response {
        let started = ContinuousClock.now
        let posted: SOAPHTTPBinding.PostedRequest
        switch await SOAPHTTPBinding.read(request, maxRequestBytes: maxRequestBytes) {
        case .posted(let request):
            posted = request
        case .refused(let refusal):
            switch refusal {
            case .unsupportedMediaType: count(.unknown, .unsupportedMediaType, since: started)
            case .tooLarge: count(.unknown, .payloadTooLarge, since: started)
            case .connectionFailed: break
            }
            return refusal.response
        }

        let response: SOAPEnvelope
        let action: String?
        let requestKind: SecureConversationObservation.Request
        switch SOAPHTTPBinding.parse(posted, maxRequestBytes: maxRequestBytes, understood: understoodHeaders) {
        case .refused(let fault, let knownAction):
            response = fault.envelope(posted.version)
            action = knownAction
            requestKind = knownAction.map(SecureConversationObservation.Request.init(action:)) ?? .unknown
        case .envelope(let envelope, let settled):
            response = await service.handle(envelope, action: settled, transport: transport.overTLS ? .tls : .unprotected)
            action = settled
            requestKind = SecureConversationObservation.Request(action: settled)
        }
        let fault = SOAPHTTPBinding.fault(in: response)
        let status = SOAPHTTPBinding.status(of: fault, version: posted.version)
        count(requestKind, fault.map(RequestObservation.Outcome.fault) ?? .success, since: started)
        logger.info("secure conversation request", metadata: [
            "path": "\(path)",
            "action": "\(STSRequestHandler.truncated(action ?? "-"))",
            "outcome": "\(fault.map { $0.securityFaultCode?.description ?? "\($0.code)" } ?? "success")",
            "status": "\(status)",
        ])

        return SOAPHTTPBinding.response(response, version: posted.version, status: status)
    }

    private func count(_ request: SecureConversationObservation.Request, _ outcome: RequestObservation.Outcome, since started: ContinuousClock.Instant) {
        metrics?.record(SecureConversationObservation(path: path, request: request, outcome: outcome, duration: .now - started))
    }
}
