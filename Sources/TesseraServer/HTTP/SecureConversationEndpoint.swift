public import Hummingbird
public import Logging
import SOAP
public import SecureConversation

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

    public init(
        path: String, service: SecureConversationService, maxRequestBytes: Int = defaultMaxRequestBytes,
        transports: TransportDecision = .plainHTTP, metrics: ServerMetrics? = nil,
        understoodHeaders: UnderstoodHeaderBlocks = .securityAndAddressing
    ) {
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
        await SOAPRequestPipeline(maxRequestBytes: maxRequestBytes).respond(to: request, understood: understoodHeaders) { envelope, action, _ in
            await service.handle(envelope, action: action, transport: transport.overTLS ? .tls : .unprotected, clientAddress: transport.clientAddress)
        } observe: { observed in
            let requestKind =
                observed.binding == nil || observed.outcome.isPayloadTooLarge
                ? SecureConversationObservation.Request.unknown
                : observed.action.map(SecureConversationObservation.Request.init(action:)) ?? .unknown
            metrics?.record(SecureConversationObservation(path: path, request: requestKind, outcome: observed.outcome, duration: observed.duration))
            guard observed.binding != nil, !observed.outcome.isPayloadTooLarge else { return }
            logger.info(
                "secure conversation request",
                metadata: [
                    "path": "\(path)",
                    "action": "\(STSRequestHandler.truncated(observed.action ?? "-"))",
                    "outcome": "\(observed.outcomeText)",
                    "status": "\(observed.status)",
                ])
        }
    }
}
