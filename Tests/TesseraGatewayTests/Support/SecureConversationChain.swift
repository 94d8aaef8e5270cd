import Foundation
import Hummingbird
import NIOCore
import SOAP
import STS
import SecureConversation
import SecurityCore
import StoreProtocols
import Synchronization
import TesseraGateway
import TesseraSamples
import WSSecurity
import XMLCore
@testable import TesseraServer

/// The secure-conversation route's scenario over loopback HTTP: consumer → gateway → STS, and
/// the gateway → `tessera serve`'s echo service under a security context.
enum EchoFixtures {
    /// The AppliesTo of the echo service's relying party, and its assertions' audience.
    static let appliesTo = "http://testHost/EchoService"

    /// The test STS with a relying party for the echo service that issues holder-of-key SAML 2.0
    /// assertions bound to the requestor's key (KeyType PublicKey), and the echo service
    /// (`secureConversation`) with the given bootstrap: `issued-saml` trusting the STS's
    /// assertions for ``appliesTo``, or `x509` trusting the test CA.
    static func serverConfiguration(digestKeyPath: String, bootstrap: ServerConfiguration.SecureConversation.BootstrapName) throws
        -> ServerConfiguration
    {
        var configuration = try Fixtures.stsConfiguration(digestKeyPath: digestKeyPath)
        var echo = ServerConfiguration.RelyingPartyEntry(name: "echo", appliesTo: [.exact(appliesTo)])
        echo.keyType = .publicKey
        echo.lifetimeSeconds = 600
        configuration.relyingParties.append(echo)
        var section = ServerConfiguration.SecureConversation()
        section.bootstrap = bootstrap
        if bootstrap == .issuedSAML {
            section.issuedSAML = .init(
                issuers: [.init(name: configuration.identity.issuer, certificates: [Fixtures.path("sts.cert.pem")])], audiences: [appliesTo])
        }
        configuration.secureConversation = section
        return configuration
    }

    /// The consumer's `Echo(text)` from `username` (an identity assertion), in `version`.
    static func request(_ text: String, username: String = "jdoe", version: SOAPVersion) -> [UInt8] {
        let envelope = EchoService.request(text, version: version)
        AddressingHeaders(version: .v10, to: appliesTo, action: EchoService.action, messageID: AddressingHeaders.newMessageID()).write(to: envelope)
        _ = UsernameToken(username: username, password: nil).write(into: try! envelope.ensureSecurityHeader())
        return envelope.serialize()
    }

    static func headers(_ version: SOAPVersion) -> [(String, String)] {
        version.httpHeaders(action: EchoService.action).map { ($0.name, $0.value) }
    }
}

/// A context store that can lose everything at once, as a provider restarted without its
/// contexts does.
final class ForgetfulContextStore: SecurityContextStore {
    private let inner = Mutex(InMemorySecurityContextStore())

    func forget() { inner.withLock { $0 = InMemorySecurityContextStore() } }

    private var store: InMemorySecurityContextStore { inner.withLock { $0 } }

    func save(_ record: SecurityContextRecord) async throws { store.save(record) }
    func context(identifier: String) async throws -> SecurityContextRecord? { store.context(identifier: identifier) }
    func replace(_ current: SecurityContextRecord, with updated: SecurityContextRecord) async throws -> Bool {
        store.replace(current, with: updated)
    }
    func cancel(identifier: String) async throws -> Bool { store.cancel(identifier: identifier) }
    func purge(expiredBefore cutoff: Date) async throws -> Int { store.purge(expiredBefore: cutoff) }
}

/// `tessera serve`'s echo service, configured from the `secureConversation` section as serve
/// configures it, on a listener of its own that records each request's action, and can alter
/// the answers to Echo messages on their way back (someone on the path).
final class EchoProvider: Sendable {
    let service: SecureConversationService
    let store = ForgetfulContextStore()
    let tamper = Mutex<Bool>(false)
    private let log = Mutex<[String]>([])

    /// `tokenService` is the STS's own: the echo service asks its token store whether an
    /// assertion it issued is still current.
    init(configuration: ServerConfiguration, tokenService: STSConfiguration) throws {
        guard
            let hosted = try SecureConversationServiceConfiguration.hosted(
                by: configuration, tokenService: tokenService, contexts: store, revocations: InMemorySecurityContextRevocationList())
        else { throw EchoProviderError() }
        service = SecureConversationService(configuration: hosted, handler: EchoService.handler)
    }

    /// The actions of the requests received, in order.
    var actions: [String] { log.withLock { $0 } }
    func count(_ action: String) -> Int { actions.filter { $0 == action }.count }

    func application(listening: AsyncStream<Int>.Continuation) -> some ApplicationProtocol {
        let router = Router()
        router.post("/echo") { request, _ in await self.answer(request) }
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { listening.yield($0.localAddress?.port ?? 0) })
    }

    private func answer(_ request: Request) async -> Response {
        let version = request.headers[.contentType].flatMap(SOAPVersion.init(contentType:)) ?? .v12
        let bytes = (try? await request.body.collect(upTo: 1 << 20)).map { Array($0.readableBytesView) } ?? []
        let action = (try? SOAPEnvelope(parsing: bytes)).flatMap { try? AddressingHeaders(reading: $0)?.action }
        log.withLock { $0.append(action ?? "") }
        var answer = await service.handle(bytes: bytes, version: version, action: action)
        if action == EchoService.action, tamper.withLock({ $0 }) {
            // One character of the first CipherValue changed: the encrypted Body no longer
            // decrypts to what the provider signed.
            var text = String(decoding: answer, as: UTF8.self)
            if let range = text.range(of: "CipherValue>") {
                let index = text.index(range.upperBound, offsetBy: 10)
                let replacement: Character = text[index] == "A" ? "B" : "A"
                text.replaceSubrange(index...index, with: String(replacement))
                answer = Array(text.utf8)
            }
        }
        let isFault = (try? SOAPEnvelope(parsing: answer))?.bodyPayload?.is("Fault", version.namespace) ?? true
        var headers = HTTPFields()
        headers[.contentType] = version.contentType()
        return Response(status: isFault ? .internalServerError : .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer)))
    }
}

struct EchoProviderError: Error {}

/// A clock that runs with the system's, shifted by an offset a test sets.
final class ShiftedClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)
    func shift(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }
    var source: TimeSource { TimeSource { [self] in Date().addingTimeInterval(offset.withLock { $0 }) } }
}

/// consumer → gateway → STS, gateway → echo service, over loopback HTTP.
struct SecureConversationChain {
    let gatewayURL: String
    let sts: CountingTokenService
    let provider: EchoProvider
    let clock: ShiftedClock
    /// The gateway's metrics, also scraped at `/metrics`.
    let metrics: GatewayMetrics

    /// The value of the sample `name{labels}` scraped from the gateway's `/metrics`; 0 when absent.
    func metric(_ name: String, _ labels: [String: String]) async throws -> Double {
        Self.metric(try await HTTPResult.get(gatewayURL + "/metrics").text, name, labels)
    }

    /// The value of the sample `name{labels}` in a Prometheus text exposition; 0 when absent.
    static func metric(_ exposition: String, _ name: String, _ labels: [String: String]) -> Double {
        let wanted = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }
        for line in exposition.split(separator: "\n") where line.hasPrefix(name + "{") {
            let found = line.drop { $0 != "{" }.dropFirst().prefix { $0 != "}" }.split(separator: ",").map(String.init).sorted()
            if found == wanted, let value = line.split(separator: " ").last.flatMap({ Double($0) }) { return value }
        }
        return 0
    }

    func post(_ text: String, username: String = "jdoe", version: SOAPVersion = .v11) async throws -> HTTPResult {
        try await HTTPResult.post(
            gatewayURL + "/echo", body: EchoFixtures.request(text, username: username, version: version), headers: EchoFixtures.headers(version))
    }

    /// Runs `body` against the STS, the echo service (bootstrap `providerBootstrap`) and a
    /// gateway whose one route `/echo` forwards identity assertions to it under the
    /// `secure-conversation` binding, configured further by `configure`.
    static func with<T>(
        providerBootstrap: ServerConfiguration.SecureConversation.BootstrapName = .issuedSAML,
        configure: (inout GatewayConfiguration.SecureConversationOutbound) -> Void = { _ in },
        _ body: (SecureConversationChain) async throws -> T
    ) async throws -> T {
        try await Fixtures.withScratchDirectory { scratch in
            let configuration = try EchoFixtures.serverConfiguration(
                digestKeyPath: scratch.appendingPathComponent("digest.key").path, bootstrap: providerBootstrap)
            let tokenService = try STSConfiguration(configuration)
            let sts = CountingTokenService(service: SecurityTokenService(configuration: tokenService))
            let (stsPorts, stsListening) = AsyncStream.makeStream(of: Int.self)
            let stsApplication = try buildApplication(
                configuration: configuration, tokenService: sts,
                environment: ServerEnvironment(logger: quietLogger("tessera.server"), onListening: { _, port in stsListening.yield(port) }))
            let provider = try EchoProvider(configuration: configuration, tokenService: tokenService)
            let (providerPorts, providerListening) = AsyncStream.makeStream(of: Int.self)
            return try await withLiveServer(stsApplication, listening: stsPorts) { stsPort in
                try await withLiveServer(provider.application(listening: providerListening), listening: providerPorts) { providerPort in
                    // A generous timeout: an establishment is two RSA signatures and decryptions
                    // each way, slow on a loaded machine.
                    var gateway = Fixtures.gatewayConfiguration(
                        sts: "http://127.0.0.1:\(stsPort)/sts", provider: "http://127.0.0.1:\(providerPort)/echo", timeoutSeconds: 30)
                    var route = gateway.routes[0]
                    route.name = "echo"
                    route.path = "/echo"
                    route.appliesTo = EchoFixtures.appliesTo
                    var outbound = GatewayConfiguration.SecureConversationOutbound(
                        bootstrap: providerBootstrap == .x509 ? "x509" : "saml-holder-of-key", providerCertificate: Fixtures.path("sts.cert.pem"))
                    configure(&outbound)
                    route.outbound = .init(binding: "secure-conversation")
                    route.outbound.secureConversation = outbound
                    gateway.routes = [route]
                    let clock = ShiftedClock()
                    let metrics = GatewayMetrics()
                    let (gatewayPorts, gatewayListening) = AsyncStream.makeStream(of: Int.self)
                    let environment = GatewayEnvironment(
                        logger: quietLogger("tessera.gateway"), audit: quietLogger("tessera.gateway.audit"), metrics: metrics,
                        clock: clock.source, onListening: { gatewayListening.yield($0) })
                    let application = try buildGatewayApplication(configuration: gateway, environment: environment)
                    return try await withLiveServer(application, listening: gatewayPorts) { gatewayPort in
                        try await body(
                            SecureConversationChain(
                                gatewayURL: "http://127.0.0.1:\(gatewayPort)", sts: sts, provider: provider, clock: clock, metrics: metrics))
                    }
                }
            }
        }
    }
}
