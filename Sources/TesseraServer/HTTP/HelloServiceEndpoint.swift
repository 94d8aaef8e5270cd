public import Hummingbird
public import Logging
import SOAP
public import TesseraSamples

/// ``HelloService`` over HTTP: SOAP 1.1 and 1.2 requests POSTed to one path, answered with the
/// request's media type.
///
/// Refuses, as the other endpoints do: a body above ``maxRequestBytes`` (413), a media type
/// that is not `text/xml` or `application/soap+xml` (415), bytes that are not an envelope of
/// the announced version, a mandatory header block other than `wsse:Security` and the
/// WS-Addressing headers (a `MustUnderstand` fault), and a SOAP action that contradicts
/// `wsa:Action`. One log line per request, with the fault code of a refusal, and with
/// ``metrics`` one count per request by outcome (``ServerMetrics``).
public struct HelloServiceEndpoint: Sendable {
    /// The HTTP path requests are POSTed to.
    public let path: String
    public let service: HelloService
    /// Largest request body accepted, in bytes.
    public let maxRequestBytes: Int
    /// Decides per request whether it came over TLS (bearer assertions need it).
    public let transports: TransportDecision
    /// Where requests are counted (`tessera_hello_requests_total`); nil counts nothing.
    public let metrics: ServerMetrics?

    public init(
        path: String, service: HelloService, maxRequestBytes: Int, transports: TransportDecision = .plainHTTP,
        metrics: ServerMetrics? = nil
    ) {
        self.path = path
        self.service = service
        self.maxRequestBytes = maxRequestBytes
        self.transports = transports
        self.metrics = metrics
    }

    /// Adds `POST path` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post(RouterPath(path)) { request, context in
            await respond(to: request, transport: transports.transport(of: request, context: context), logger: context.logger)
        }
    }

    /// Answers one POSTed request that arrived as `transport` says.
    public func respond(to request: Request, transport: RequestTransport, logger: Logger) async -> Response {
        await SOAPRequestPipeline(maxRequestBytes: maxRequestBytes).respond(to: request, understood: .securityAndAddressing) { envelope, _, _ in
            await service.respond(to: envelope, transportIsSecure: transport.overTLS)
        } observe: { observed in
            metrics?.recordHello(path: path, outcome: observed.outcome, duration: observed.duration)
            guard observed.binding != nil, !observed.outcome.isPayloadTooLarge else { return }
            logger.info(
                "hello request",
                metadata: [
                    "path": "\(path)",
                    "outcome": "\(observed.outcomeText)",
                    "status": "\(observed.status)",
                ])
        }
    }
}
