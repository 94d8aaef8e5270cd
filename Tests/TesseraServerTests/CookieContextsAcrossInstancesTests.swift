import Foundation
import SecurityCore
import SOAP
import STS
import SecureConversation
import Synchronization
import TesseraSamples
import Testing
import TesseraStore
import WSSecurity
@testable import TesseraServer

/// Two `tessera serve` instances configured with `contexts: cookie` and one cookie key, each with
/// its own SQLiteStore on one shared file: either serves a session the other established, and a
/// Cancel answered by one is honoured by the other at once, through the store's revocation list.
struct CookieContextsAcrossInstancesTests {
    @Test func aCancelOnOneInstanceIsHonouredByTheOther() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cookie-instances-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyFile = directory.appendingPathComponent("cookie.key")
        try Data(SecurityContextCookie.generateKey()).base64EncodedString().write(to: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)

        var configuration = TestPKI.configuration()
        var section = ServerConfiguration.SecureConversation()
        section.contexts = .cookie
        section.cookieKey = keyFile.path
        configuration.secureConversation = section
        try configuration.validate()

        let masterKey = MasterKey.generate()
        let storePath = directory.appendingPathComponent("store.sqlite").path
        func instance() throws -> (SecureConversationService, SQLiteStore) {
            let store = try SQLiteStore(path: storePath, masterKey: masterKey)
            let sts = try STSConfiguration(configuration, replayCache: store)
            let hosted = try #require(
                try SecureConversationServiceConfiguration.hosted(by: configuration, tokenService: sts, contexts: store, revocations: store))
            return (SecureConversationService(configuration: hosted, handler: EchoService.handler), store)
        }
        let (first, _) = try instance()
        let (second, secondStore) = try instance()

        let transport = RoutingTransport(to: first)
        let ca = TestPKI.credential("ca").certificate
        let client = SecureConversationClient(
            configuration: SecureConversationClientConfiguration(
                endpoint: "http://127.0.0.1/echo",
                bootstrap: .x509(
                    credential: TestPKI.gateway, serviceCertificate: TestPKI.credential("sts").certificate,
                    trustStore: X509TrustStore(anchors: [ca]))),
            transport: transport)
        let identity = "\(TestPKI.gateway.certificate.subject)"
        let context = try await client.establish()

        // The second instance serves the session the first established; nothing was stored for it.
        transport.route(to: second)
        let reply = try await client.send(EchoService.request("to the second"), action: EchoService.action)
        #expect(EchoService.reply(in: reply) == EchoService.greeting(identity: identity, text: "to the second"))
        #expect(try await secondStore.context(identifier: context.identifier) == nil)

        // A request held back, a Cancel answered by the first instance, then the held request to
        // the second: refused with wsc:BadContextToken.
        transport.hold(true)
        await #expect(throws: RoutingTransport.Held.self) { _ = try await client.send(EchoService.request("held"), action: EchoService.action) }
        transport.hold(false)
        let held = try #require(transport.held)
        transport.route(to: first)
        try await client.cancel()
        #expect(try await secondStore.isRevoked(identifier: context.identifier, instance: context.instance, now: Date()))

        let answer = await second.handle(bytes: held.bytes, version: held.version, action: EchoService.action)
        let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: answer))
        #expect(fault.subcode == SecureConversationVersion.v13.faultCodes.badContextToken.name)
    }
}

/// Hands each request to the service it currently routes to (a load balancer choosing an
/// instance), or holds it back: recorded, not sent, the exchange failing with ``Held``.
final class RoutingTransport: SOAPTransport {
    struct Held: Error {}
    struct Request: Sendable {
        let bytes: [UInt8]
        let version: SOAPVersion
    }

    private let state: Mutex<(service: SecureConversationService, holding: Bool, held: Request?)>

    init(to service: SecureConversationService) {
        state = Mutex((service, false, nil))
    }

    func route(to service: SecureConversationService) { state.withLock { $0.service = service } }

    func hold(_ holding: Bool) { state.withLock { $0.holding = holding } }

    var held: Request? { state.withLock { $0.held } }

    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        let service: SecureConversationService? = state.withLock { state in
            guard !state.holding else {
                state.held = Request(bytes: request, version: version)
                return nil
            }
            return state.service
        }
        guard let service else { throw Held() }
        return await service.handle(bytes: request, version: version, action: action)
    }
}
