public import Hummingbird
import Logging

/// An HTTP server for one WS-SecureConversation service (``SecureConversationEndpoint``) on
/// `host:port` (port 0 lets the system choose), plain HTTP: for the demo, tests and services
/// behind a TLS-terminating proxy. `environment.onListening` is called with the endpoint's URL
/// and the bound port once it listens. Run it like ``buildApplication(configuration:tokenService:environment:)``'s.
public func buildSecureConversationApplication(
    endpoint: SecureConversationEndpoint, host: String = "127.0.0.1", port: Int = 0,
    environment: ServerEnvironment = ServerEnvironment()
) -> some ApplicationProtocol {
    let router = Router()
    endpoint.addRoutes(to: router)
    let onListening = environment.onListening
    let path = endpoint.path
    let urlHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    return Application(
        router: router, server: .http1(), configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
        onServerRunning: { channel in
            let bound = channel.localAddress?.port ?? port
            await onListening("http://\(urlHost):\(bound)\(path)", bound)
        }, logger: environment.logger)
}
