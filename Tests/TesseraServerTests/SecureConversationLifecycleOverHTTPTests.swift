import Foundation
import SecurityCore
import SOAP
import SecureConversation
import Synchronization
import TesseraClient
import TesseraSamples
import Testing
import WSSecurity
import XMLCore
@testable import TesseraServer

/// The context lifecycle of the echo service `tessera serve` hosts, over loopback HTTP with the
/// whole serve composition (SQLite store): Amend adds a claim the echo greets; a service with
/// renewal off answers Renew with `wsc:UnableToRenew` in the request's SOAP version; the WSDL at
/// `/echo?wsdl` and `/echo/mex` describes the service with WS-SecurityPolicy 1.2.
@Suite struct SecureConversationLifecycleOverHTTPTests {
    static let sts = TestPKI.credential("sts")
    static let ca = TestPKI.credential("ca").certificate

    static func withEcho<Result>(
        _ section: ServerConfiguration.SecureConversation = .init(), _ body: (TestServer, String) async throws -> Result
    ) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-lifecycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = TestPKI.configuration()
        configuration.secureConversation = section
        return try await TestServer.serving(configuration, in: directory) { server, _ in
            try await body(server, server.url + section.path)
        }
    }

    static func client(_ url: String, version: SecureConversationVersion, soap: SOAPVersion, transport: any SOAPTransport) -> SecureConversationClient {
        var configuration = SecureConversationClientConfiguration(
            endpoint: url, bootstrap: .x509(credential: TestPKI.gateway, serviceCertificate: sts.certificate, trustStore: X509TrustStore(anchors: [ca])))
        configuration.version = version
        configuration.soapVersion = soap
        return SecureConversationClient(configuration: configuration, transport: transport)
    }

    static func withClient(
        _ url: String, version: SecureConversationVersion, soap: SOAPVersion,
        _ body: (SecureConversationClient, ResponseRecorder) async throws -> Void
    ) async throws {
        let http = try HTTPSOAPTransport(url: url)
        let recorder = ResponseRecorder(inner: http)
        do {
            try await body(client(url, version: version, soap: soap, transport: recorder), recorder)
        } catch {
            try await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    @Test(arguments: [(SecureConversationVersion.v13, SOAPVersion.v12), (.v200502, .v11)])
    func amendAddsAClaimTheEchoGreets(_ version: SecureConversationVersion, _ soap: SOAPVersion) async throws {
        try await Self.withEcho { _, url in
            try await Self.withClient(url, version: version, soap: soap) { client, recorder in
                try await client.establish()
                let identity = "\(TestPKI.gateway.certificate.subject)"
                let claim = "\(TestPKI.credential("service").certificate.subject)"
                try await client.amend(addingClaimsOf: TestPKI.credential("service"))
                let response = try await client.send(EchoService.request("amended", version: soap), action: EchoService.action)
                #expect(EchoService.reply(in: response) == EchoService.greeting(identity: identity, claims: [claim], text: "amended"))
                #expect(EchoService.reply(in: response) == "Hello, \(identity) (also \(claim)). You said: amended")
                // An untrusted certificate adds nothing; the fault comes in the request's SOAP version.
                await #expect { _ = try await client.amend(addingClaimsOf: TestPKI.credential("untrusted")) } throws: { error in
                    (error as? SecureConversationError)?.fault?.subcode == QName(WSSNamespace.secext, "FailedAuthentication")
                }
                #expect(try recorder.lastEnvelope().version == soap)
                let again = try await client.send(EchoService.request("still", version: soap), action: EchoService.action)
                #expect(EchoService.reply(in: again) == EchoService.greeting(identity: identity, claims: [claim], text: "still"))
            }
        }
    }

    @Test(arguments: [(SecureConversationVersion.v13, SOAPVersion.v12), (.v200502, .v11)])
    func aServiceWithRenewalOffAnswersUnableToRenew(_ version: SecureConversationVersion, _ soap: SOAPVersion) async throws {
        var section = ServerConfiguration.SecureConversation()
        section.renewal.enabled = false
        try await Self.withEcho(section) { _, url in
            try await Self.withClient(url, version: version, soap: soap) { client, recorder in
                try await client.establish()
                await #expect { _ = try await client.renew() } throws: { error in
                    (error as? SecureConversationError)?.fault?.subcode == version.faultCodes.unableToRenew.name
                }
                #expect(try recorder.lastEnvelope().version == soap)
            }
        }
    }

    /// Contexts of one second, renewable for a minute after: past its expiry the context serves
    /// no Echo, but its owner renews it (with the new keys' lifetime of another second, the
    /// serving of the renewed context is left to the in-process tests, which pin the clock).
    @Test func anExpiredContextIsRenewedWithinTheConfiguredWindow() async throws {
        var section = ServerConfiguration.SecureConversation()
        section.lifetimes = .init(defaultSeconds: 1, maximumSeconds: 1)
        section.renewal.expiredWindowSeconds = 60
        try await Self.withEcho(section) { _, url in
            try await Self.withClient(url, version: .v13, soap: .v12) { client, recorder in
                let context = try await client.establish()
                try await Task.sleep(for: .seconds(max(0, context.expires.timeIntervalSinceNow) + 0.5))
                await #expect { _ = try await client.send(EchoService.request("late"), action: EchoService.action) } throws: { error in
                    (error as? SecureConversationError)?.fault?.subcode == SecureConversationVersion.v13.faultCodes.badContextToken.name
                }
                #expect(try recorder.lastEnvelope().version == .v12)
                let renewed = try await client.renew()
                #expect(renewed.identifier == context.identifier && renewed.instance != context.instance)
                #expect(renewed.expires > context.expires)
            }
        }
    }

    @Test func aServiceWithAmendmentOffAnswersRequestFailed() async throws {
        var section = ServerConfiguration.SecureConversation()
        section.amendment.enabled = false
        try await Self.withEcho(section) { _, url in
            try await Self.withClient(url, version: .v13, soap: .v12) { client, _ in
                try await client.establish()
                await #expect { _ = try await client.amend(addingClaimsOf: TestPKI.credential("service")) } throws: { error in
                    (error as? SecureConversationError)?.fault?.subcode?.localName == "RequestFailed"
                }
            }
        }
    }
}

/// Passes requests on and keeps the last response.
final class ResponseRecorder: SOAPTransport {
    let inner: any SOAPTransport
    private let last = Mutex<[UInt8]?>(nil)

    init(inner: any SOAPTransport) { self.inner = inner }

    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        let response = try await inner.exchange(request, version: version, action: action)
        last.withLock { $0 = response }
        return response
    }

    func lastEnvelope() throws -> SOAPEnvelope {
        try SOAPEnvelope(parsing: try #require(last.withLock { $0 }))
    }
}
