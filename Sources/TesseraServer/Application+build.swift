public import Hummingbird
import HummingbirdTLS
public import Logging
import STS
public import SecureConversation
import TesseraSamples

/// What the server needs besides its configuration and token service.
public struct ServerEnvironment: Sendable {
    public var logger: Logger
    /// Where `/metrics` reads from. Its request counters are recorded by the server; its token
    /// counters by the sink ``ServerMetrics/auditSink(relyingParties:logger:)`` makes, which the
    /// caller installs in the token service's ``STS/STSConfiguration/audit``.
    public var metrics: ServerMetrics
    /// Whether the server can take traffic (the store is reachable, ...): `/ready` answers 503
    /// while it returns false.
    public var readiness: @Sendable () async -> Bool
    /// Called once the server listens, with the base URL its endpoints are published at and the
    /// port it is bound to.
    public var onListening: @Sendable (_ baseURL: String, _ port: Int) async -> Void

    public init(
        logger: Logger = Logger(label: "tessera.server"), metrics: ServerMetrics = ServerMetrics(),
        readiness: @escaping @Sendable () async -> Bool = { true },
        onListening: @escaping @Sendable (_ baseURL: String, _ port: Int) async -> Void = { _, _ in }
    ) {
        self.logger = logger
        self.metrics = metrics
        self.readiness = readiness
        self.onListening = onListening
    }
}

/// The HTTP server of a Tessera STS, ready to run (it is a swift-service-lifecycle `Service`:
/// run it in a `ServiceGroup`, or call `runService()` to stop on SIGINT/SIGTERM).
///
/// Routes: `POST` on every STS endpoint (the configured path and, unless turned off, the ADFS
/// aliases) answers SOAP 1.1 and 1.2 WS-Trust requests through `tokenService`; `GET <endpoint>?wsdl`
/// returns the WSDL; `GET <adfs prefix>/mex` the metadata ADFS clients discover endpoints with
/// (and `POST` a WS-Transfer Get of it); `GET /health`, `/ready`, `/metrics` for operations.
/// With `secureConversation` and a `secureConversation` section in the configuration, `POST` on
/// its path goes to that service (``SecureConversationEndpoint``; `GET <path>?wsdl` and
/// `GET <path>/mex` describe it, as does a WS-Transfer Get POSTed to `<path>/mex`; build it with
/// ``SecureConversation/SecureConversationServiceConfiguration/hosted(by:tokenService:contexts:revocations:)``).
/// With a `helloService` section, `POST` on its path goes to the sample SAML-secured provider
/// (``TesseraSamples/HelloService``). Requests are answered concurrently on every core.
///
/// - Throws: ``ConfigurationError`` when the TLS certificate or key, or a certificate the
///   `helloService` section names, cannot be used.
public func buildApplication(
    configuration: ServerConfiguration, tokenService: some TokenServiceEndpoint,
    secureConversation: SecureConversationService? = nil,
    environment: ServerEnvironment = ServerEnvironment()
) throws(ConfigurationError) -> some ApplicationProtocol {
    let routes = STSRoutes(configuration: configuration)
    let baseURL = PublicBaseURL(configuration: configuration)
    // Whether a request came over TLS, and from whom, is decided here for every endpoint.
    let transports = configuration.listen.transportDecision(listenerIsTLS: configuration.tls != nil)
    let stsHandler = STSRequestHandler(
        service: tokenService, maxRequestBytes: configuration.endpoint.maxRequestBytes, transports: transports,
        metrics: environment.metrics)
    let metadata = MetadataHandler(endpoints: routes.endpoints, baseURL: baseURL, maxRequestBytes: configuration.endpoint.maxRequestBytes)
    let operations = OperationsHandler(metrics: environment.metrics, readiness: environment.readiness)

    let router = Router(context: TesseraRequestContext.self)
    for endpoint in routes.endpoints {
        router.post(RouterPath(endpoint.path)) { request, context in
            await stsHandler.respond(to: request, context: context, endpoint: endpoint)
        }
        router.get(RouterPath(endpoint.path)) { request, _ in
            MetadataHandler.asksForWSDL(request.uri.query) ? metadata.wsdl(soapVersions: [.v11, .v12]) : Response(status: .notFound)
        }
    }
    if let mexPath = routes.metadataExchangePath {
        router.get(RouterPath(mexPath)) { _, _ in metadata.wsdl(soapVersions: [.v12]) }
        router.post(RouterPath(mexPath)) { request, _ in await metadata.metadataExchange(request) }
    }
    if let service = secureConversation, let section = configuration.secureConversation {
        SecureConversationEndpoint(
            path: section.path, service: service, maxRequestBytes: configuration.endpoint.maxRequestBytes,
            transports: transports, metrics: environment.metrics
        )
        .addRoutes(to: router)
        // Its WSDL (`?wsdl`) and WS-MetadataExchange (`/mex`), with the WS-SecurityPolicy of
        // its configuration.
        let path = section.path
        let described = MetadataHandler(
            describe: { EchoService.description(of: service.configuration, address: baseURL.current + path) },
            maxRequestBytes: configuration.endpoint.maxRequestBytes)
        router.get(RouterPath(path)) { request, _ in
            MetadataHandler.asksForWSDL(request.uri.query) ? described.wsdl(soapVersions: [.v11, .v12]) : Response(status: .notFound)
        }
        router.get(RouterPath(path + "/mex")) { _, _ in described.wsdl(soapVersions: [.v11, .v12]) }
        router.post(RouterPath(path + "/mex")) { request, _ in await described.metadataExchange(request) }
    }
    if let service = try HelloService.hosted(by: configuration), let section = configuration.helloService {
        HelloServiceEndpoint(
            path: section.path, service: service, maxRequestBytes: configuration.endpoint.maxRequestBytes, transports: transports,
            metrics: environment.metrics
        )
        .addRoutes(to: router)
    }
    router.get(RouterPath(STSRoutes.healthPath)) { _, _ in operations.health() }
    router.get(RouterPath(STSRoutes.readyPath)) { _, _ in await operations.ready() }
    router.get(RouterPath(STSRoutes.metricsPath)) { _, _ in operations.metricsExposition() }

    let logger = environment.logger
    let onListening = environment.onListening
    let listen = ApplicationConfiguration(address: .hostname(configuration.listen.host, port: configuration.listen.port))
    @Sendable func listening(boundPort: Int?) async {
        let port = boundPort ?? configuration.listen.port
        baseURL.bound(port: port)
        if baseURL.isDerived, ["0.0.0.0", "::", "[::]"].contains(configuration.listen.host) {
            logger.warning("listening on every interface without publicBaseURL: metadata names localhost")
        }
        await onListening(baseURL.current, port)
    }
    guard let tls = configuration.tls else {
        return Application(
            router: router, server: .http1(), configuration: listen, onServerRunning: { await listening(boundPort: $0.localAddress?.port) }, logger: logger)
    }
    let tlsConfiguration = try tls.serverConfiguration(resolving: configuration)
    do {
        return Application(
            router: router, server: try .tls(.http1(), tlsConfiguration: tlsConfiguration), configuration: listen,
            onServerRunning: { await listening(boundPort: $0.localAddress?.port) }, logger: logger)
    } catch {
        throw ConfigurationError(field: "tls", "the certificate and key cannot be used for TLS")
    }
}
