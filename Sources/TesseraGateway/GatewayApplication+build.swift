import Crypto
import Foundation
public import Hummingbird
import HummingbirdTLS
public import Logging
import NIOCore
public import SecurityCore
import SecureConversation
import SOAP
import TesseraClient
public import TesseraServer
import WSSecurity

/// What the gateway needs besides its configuration.
public struct GatewayEnvironment: Sendable {
    public var logger: Logger
    /// Audit events (who, which route, which token) go here, label `tessera.gateway.audit` by default.
    public var audit: Logger
    public var metrics: GatewayMetrics
    /// Where "now" comes from for Timestamps, assertion checks and the token cache.
    public var clock: TimeSource
    /// Called once the gateway listens, with the port it is bound to.
    public var onListening: @Sendable (_ port: Int) async -> Void
    /// Sees every STS and provider exchange with its bytes and duration (nil: none is observed,
    /// at no cost). For demonstrations and diagnostics only: the bytes hold consumers' credentials.
    public var exchangeObserver: GatewayExchangeObserver?

    public init(
        logger: Logger = Logger(label: "tessera.gateway"), audit: Logger = Logger(label: "tessera.gateway.audit"),
        metrics: GatewayMetrics = GatewayMetrics(), clock: TimeSource = .system,
        onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) {
        self.logger = logger
        self.audit = audit
        self.metrics = metrics
        self.clock = clock
        self.onListening = onListening
    }
}

/// The HTTP server of `tessera gateway`, ready to run (a swift-service-lifecycle `Service`:
/// run it in a `ServiceGroup`, or call `runService()` to stop on SIGINT/SIGTERM).
///
/// Routes: `POST` on every configured route path takes SOAP 1.1 and 1.2 consumer requests and
/// answers with the provider's response (``GatewayRequestHandler``); `GET /health` (the process
/// answers), `/ready` (every configured STS answers HTTP), `/metrics` (Prometheus text format,
/// ``GatewayMetrics``). The HTTP clients for STSs and providers are closed when the server stops.
///
/// - Throws: ``TesseraServer/ConfigurationError`` naming every faulty field, or a TLS file that
///   cannot be used.
public func buildGatewayApplication(
    configuration: GatewayConfiguration,
    environment: GatewayEnvironment = GatewayEnvironment()
) throws(ConfigurationError) -> some ApplicationProtocol {
    let settings = try configuration.settings()
    let metrics = environment.metrics
    let clock = environment.clock
    let provider = ProviderClient()
    let cache = TokenCache<ExchangedToken>(policy: settings.cache, now: { clock.now }, observe: { metrics.recordCache($0) })
    let realmKey = SymmetricKey(size: .bits256)
    var transports: [HTTPSOAPTransport] = []
    var forwarders: [RouteForwarder] = []
    var conversations: [SecureConversationBinding] = []
    for (index, route) in settings.routes.enumerated() {
        var transportConfiguration = HTTPSOAPTransport.Configuration()
        transportConfiguration.connectTimeout = route.timeout
        transportConfiguration.requestTimeout = route.timeout
        if !route.stsTLSRoots.isEmpty { transportConfiguration.trustRoots = .certificates(route.stsTLSRoots) }
        let transport: HTTPSOAPTransport
        do {
            transport = try HTTPSOAPTransport(url: route.stsEndpoint, configuration: transportConfiguration)
        } catch {
            throw ConfigurationError(field: "routes[\(index)].sts.endpoint", "cannot be used: \(error)")
        }
        transports.append(transport)
        let observed: any SOAPTransport =
            environment.exchangeObserver.map { ObservedSOAPTransport(inner: transport, route: route.name, observer: $0) } ?? transport
        let exchange = TokenExchange(
            route: route, transport: observed, credential: settings.credential, policy: settings.cache,
            clock: clock, metrics: metrics)
        let admission = ConsumerAdmission(
            form: route.consumerForm, trustedNetworks: route.trustedNetworks,
            trustClientCertificates: route.trustClientCertificates, realmKey: realmKey)
        forwarders.append(
            RouteForwarder(
                route: route, admission: admission, exchange: exchange, cache: cache,
                binding: SenderVouchesBinding(credential: settings.credential, form: route.signingForm, clock: clock),
                usernameTokenBinding: UsernameTokenBinding(credential: settings.credential, clock: clock),
                provider: provider, maxRequestBytes: settings.maxRequestBytes, maxResponseBytes: settings.maxResponseBytes, metrics: metrics,
                observer: environment.exchangeObserver,
                secureConversation: route.secureConversation.map { secureConversation in
                    let binding = SecureConversationBinding(
                        route: route, settings: secureConversation, credential: settings.credential,
                        contexts: SecureConversationContextCache(
                            configuration: SecureConversationContextCacheConfiguration(
                                renewalFraction: secureConversation.renewalFraction, renewalWindow: secureConversation.renewalWindow,
                                cancelOnShutdown: secureConversation.cancelOnShutdown, clock: clock),
                            observe: { [name = route.name] event in metrics.recordContext(event, route: name) }),
                        transport: ProviderSOAPTransport(
                            provider: provider, route: route, maxResponseBytes: settings.maxResponseBytes, observer: environment.exchangeObserver),
                        clock: clock)
                    conversations.append(binding)
                    return binding
                }))
    }
    let mutualTLS = !(settings.tls?.clientCertificateAuthorities.isEmpty ?? true)
    let handler = GatewayRequestHandler(
        routes: forwarders, maxRequestBytes: settings.maxRequestBytes, overTLS: settings.tls != nil,
        mutualTLS: mutualTLS, metrics: metrics, audit: environment.audit)
    let stsEndpoints = Array(Set(settings.routes.map(\.stsEndpoint))).sorted()

    let router = Router(context: TesseraRequestContext.self)
    for path in Set(settings.routes.map(\.path)) {
        router.post(RouterPath(path)) { request, context in
            await handler.respond(to: request, context: context, path: path)
        }
    }
    router.get("/health") { _, _ in GatewayOperations.text("ok\n", status: .ok) }
    router.get("/ready") { _, _ in
        for endpoint in stsEndpoints {
            if await !provider.answers(endpoint, timeout: .seconds(2)) {
                return GatewayOperations.text("not ready: an STS does not answer\n", status: .serviceUnavailable)
            }
        }
        return GatewayOperations.text("ready\n", status: .ok)
    }
    let cachedConversations = conversations
    router.get("/metrics") { _, _ in
        await metrics.recordContextsHeld(cachedConversations)
        return GatewayOperations.metrics(metrics)
    }

    let clients = GatewayClients(provider: provider, transports: transports, conversations: conversations)
    let listen = ApplicationConfiguration(address: .hostname(settings.listen.host, port: settings.listen.port))
    let onListening = environment.onListening
    let onServerRunning: @Sendable (any Channel) async -> Void = { channel in
        await onListening(channel.localAddress?.port ?? settings.listen.port)
    }
    guard let tls = settings.tls else {
        return Application(
            router: router, server: .http1(), configuration: listen, services: [clients], onServerRunning: onServerRunning,
            logger: environment.logger)
    }
    let tlsConfiguration = try GatewayOperations.serverTLS(tls, configuration: configuration)
    do {
        return Application(
            router: router, server: try .tls(.http1(), tlsConfiguration: tlsConfiguration), configuration: listen,
            services: [clients], onServerRunning: onServerRunning, logger: environment.logger)
    } catch {
        throw ConfigurationError(field: "tls", "the certificate and key cannot be used for TLS")
    }
}
