import Foundation
public import Logging
public import SecureConversation
public import SecurityCore
import TesseraCrypto
import Hummingbird
public import X509

/// What the example needs to run: the service's key and certificate (it signs its bootstrap
/// responses and decrypts the client's entropy), and the CA whose certificates may establish a
/// context (the X.509 bootstrap of WS-SecureConversation 1.3 §3, an asymmetric binding).
public struct QuoteServiceHost: Sendable {
    public var credential: X509Credential
    public var clientAuthority: Certificate
    /// The HTTP path the service answers on.
    public var path = "/quotes"

    public init(credential: X509Credential, clientAuthority: Certificate) {
        self.credential = credential
        self.clientAuthority = clientAuthority
    }

    /// Reads the key and certificates from PEM files.
    public init(keyFile: String, certificateFile: String, clientAuthorityFile: String) throws {
        let key = try PrivateKey(pemRepresentation: String(contentsOfFile: keyFile, encoding: .utf8))
        let certificate = try Certificate(pemEncoded: String(contentsOfFile: certificateFile, encoding: .utf8))
        self.init(
            credential: X509Credential(privateKey: key, certificate: certificate),
            clientAuthority: try Certificate(pemEncoded: String(contentsOfFile: clientAuthorityFile, encoding: .utf8)))
    }

    /// The secure-conversation service: contexts of one hour kept in memory (a service with
    /// several instances passes a shared store, `.stateful(store)`, or cookie contexts), both
    /// WS-SC versions, responses signed and encrypted with Basic256 under derived keys.
    public func service() -> SecureConversationService {
        var configuration = SecureConversationServiceConfiguration(
            credential: credential, bootstrap: .x509(trustStore: X509TrustStore(anchors: [clientAuthority])))
        configuration.lifetimes = ContextLifetimePolicy(defaultLifetime: 3600, maximumLifetime: 8 * 3600)
        return SecureConversationService(configuration: configuration, handler: QuoteService.handler)
    }

    /// Runs the service over plain HTTP on `host:port` (0: a free port; behind a TLS-terminating
    /// proxy in production) until the task is cancelled or the process receives SIGINT or
    /// SIGTERM, calling `onListening` with the service's URL once it listens.
    public func run(
        host: String = "127.0.0.1", port: Int = 0, logger: Logger, onListening: @escaping @Sendable (_ url: String) async -> Void = { _ in }
    ) async throws {
        let router = Router()
        QuoteServiceEndpoint(path: path, service: service()).addRoutes(to: router)
        let path = self.path
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in await onListening("http://\(host):\(channel.localAddress?.port ?? port)\(path)") },
            logger: logger)
        try await application.runService()
    }
}
