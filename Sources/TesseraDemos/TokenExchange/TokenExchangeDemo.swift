import Foundation
public import Logging
import SAML
public import SOAP
import STS
import Synchronization
import TesseraClient
import TesseraGateway
public import TesseraServer
import WSSecurity

/// The token-transformation scenario on loopback, for `tessera demo token-exchange`: the STS
/// with the sample HelloService beside it (the composition of `tessera serve`, ``TesseraServer/ServeServices``,
/// its store in the data directory)
/// and `tessera gateway` in front of it, both with the development keys of a data directory, on
/// free ports of 127.0.0.1. The demo plays the consumer: user ``username`` sends a request with
/// an identity-assertion UsernameToken (a Username, no password) from loopback, a trusted network
/// of the development route. Through the gateway's ``TesseraGateway/GatewayEnvironment/exchangeObserver`` it
/// sees the RST the gateway sends, the RSTR, and the transformed request the gateway forwards,
/// and reports each stage of the sequence with its time:
///
/// 1. the consumer's request (the UsernameToken);
/// 2. the RST Issue the gateway sends to the STS (AppliesTo, OnBehalfOf, signed with its key);
/// 3. the RSTR with the SAML 2.0 sender-vouches assertion;
/// 4. the request the gateway forwards to HelloService, the UsernameToken swapped for the assertion;
/// 5. HelloService's answer, relayed to the consumer.
///
/// Later calls find the assertion in the gateway's token cache: no STS call. Nothing is taken
/// on trust: the forwarded message is verified as a provider would (the STS's signature on the
/// SAML 2.0 assertion, sender-vouches confirmed by the gateway's signature over assertion, Body
/// and Timestamp, the assertion the one the RSTR carried), and the answer must be
/// `Hello, jdoe`, relayed unchanged.
public struct TokenExchangeDemo: Sendable {
    /// The consumer's user.
    public static let username = "jdoe"
    /// The consumer's WS-Addressing Action and SOAP action.
    public static let action = "urn:hello"

    public let dataDirectory: DataDirectory
    /// The consumer's SOAP version (the gateway answers in it).
    public let soapVersion: SOAPVersion
    /// How many requests the consumer sends; the second and later ones hit the token cache.
    public let calls: Int
    /// Forward to the echo service under a secure conversation (the route's
    /// `secure-conversation` binding) instead of to HelloService with a sender-vouches assertion.
    public let secureConversation: Bool

    public init(dataDirectory: DataDirectory, soapVersion: SOAPVersion, calls: Int, secureConversation: Bool = false) {
        self.dataDirectory = dataDirectory
        self.soapVersion = soapVersion
        self.calls = calls
        self.secureConversation = secureConversation
    }

    /// Starts the STS, HelloService and the gateway, sends ``calls`` requests, stops them, and
    /// returns whether every stage went as expected. Each stage is reported as a ``Step``; with
    /// `showMessages`, every message follows its stage.
    ///
    /// - Throws: ``TokenExchangeDemoError`` when the demo cannot run: the data directory cannot
    ///   be prepared, its configuration cannot be used or has no `helloService` section, a
    ///   server does not start.
    public func run(logger: Logger, showMessages: Bool, report: @escaping @Sendable (Step) -> Void) async throws -> Bool {
        let parts = try prepare()
        let build = { (listening: AsyncStream<Int>.Continuation) in
            try Self.demoStep("the STS cannot be started") {
                try ServeServices(
                    configuration: parts.server,
                    options: ServeOptions(logger: logger, onListening: { _, port in listening.yield(port) })
                ).services
            }
        }
        return try await withListeningService(logger: logger, build) { stsPort in
            let stsURL = "http://127.0.0.1:\(stsPort)\(parts.server.endpoint.path)"
            let providerURL = "http://127.0.0.1:\(stsPort)\(parts.helloPath)"
            var configuration = GatewayConfiguration.development(dataDirectory: dataDirectory, stsEndpoint: stsURL, provider: providerURL)
            configuration.listen = .init(host: "127.0.0.1", port: 0)
            let echoURL = parts.echoPath.map { "http://127.0.0.1:\(stsPort)\($0)" }
            if let echoURL { configuration.routes = [Self.secureConversationRoute(configuration.routes[0], provider: echoURL)] }
            let log = ObservationLog()
            let gateway = { (listening: AsyncStream<Int>.Continuation) in
                var environment = GatewayEnvironment(logger: logger, audit: logger, onListening: { listening.yield($0) })
                environment.exchangeObserver = { log.append($0) }
                return try Self.demoStep("the gateway cannot be started") {
                    [try buildGatewayApplication(configuration: configuration, environment: environment)]
                }
            }
            return try await withListeningService(logger: logger, gateway) { gatewayPort in
                let gatewayURL = "http://127.0.0.1:\(gatewayPort)\(configuration.routes[0].path)"
                let transport = try HTTPSOAPTransport(url: gatewayURL)
                let consumer = Consumer(
                    demo: self, parts: parts, transport: transport, log: log, gatewayURL: gatewayURL,
                    showMessages: showMessages, report: report)
                let passed: Bool
                if let echoURL {
                    report(.listeningEcho(sts: stsURL, provider: echoURL, gateway: gatewayURL))
                    passed = await consumer.playSecureConversation()
                } else {
                    report(.listening(sts: stsURL, provider: providerURL, gateway: gatewayURL))
                    passed = await consumer.play()
                }
                try await transport.shutdown()
                return passed
            }
        }
    }

    /// What the run is made of, read from the data directory.
    struct Parts: Sendable {
        let keys: DevelopmentKeys
        let server: ServerConfiguration
        let tokenService: STSConfiguration
        let helloPath: String
        /// What the development route asks the STS for, and HelloService (or, with
        /// `--secure-conversation`, the echo service) accepts.
        let appliesTo: String
        /// The echo service's path, with `--secure-conversation`.
        let echoPath: String?
    }

    private func prepare() throws -> Parts {
        let keys: DevelopmentKeys
        do {
            keys = try DevelopmentKeys(directory: dataDirectory, endpointAddress: "http://127.0.0.1:8080/sts")
        } catch {
            throw TokenExchangeDemoError("\(error)")
        }
        var server = try Self.demoStep("the data directory's configuration cannot be used") {
            try ServerConfiguration.load(file: dataDirectory.configurationFile)
        }
        server.listen = .init(host: "127.0.0.1", port: 0)
        server.tls = nil
        if secureConversation { try Self.trustHolderOfKeyAssertions(&server) }
        let appliesTo = GatewayConfiguration.developmentAppliesTo
        guard let hello = server.helloService, hello.audiences.contains(appliesTo) else {
            throw TokenExchangeDemoError(
                "the data directory's tessera.yaml has no helloService section for \(appliesTo) (a data directory created by an earlier version: add it, docs/configuration.md)"
            )
        }
        let tokenService = try Self.demoStep("the data directory's configuration cannot be used") {
            try server.validate()
            return try STSConfiguration(server)
        }
        return Parts(
            keys: keys, server: server, tokenService: tokenService, helloPath: hello.path,
            appliesTo: secureConversation ? Self.echoAppliesTo : appliesTo, echoPath: secureConversation ? server.secureConversation?.path : nil)
    }

    static func demoStep<T>(_ failure: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw TokenExchangeDemoError("\(failure):\n\(error)")
        }
    }
}

/// The demo could not run (as opposed to a stage that went wrong, which ``TokenExchangeDemo``
/// reports as a failed step).
public struct TokenExchangeDemoError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The gateway's observations, collected for the consumer to read after each call.
final class ObservationLog: Sendable {
    private let entries = Mutex<[GatewayExchangeObservation]>([])

    func append(_ observation: GatewayExchangeObservation) {
        entries.withLock { $0.append(observation) }
    }

    /// Everything observed since the last call, in order.
    func drain() -> [GatewayExchangeObservation] {
        entries.withLock { entries in
            defer { entries.removeAll() }
            return entries
        }
    }
}
