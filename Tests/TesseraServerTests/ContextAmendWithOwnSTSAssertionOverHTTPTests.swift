import Foundation
import SAML
import SOAP
import TesseraStore
import SecureConversation
import TesseraClient
import TesseraSamples
import TesseraServer
import Testing
import WSSecurity
import WSTrust
import XMLCore

/// Amend with a holder-of-key SAML assertion the server's own STS issued, over loopback HTTP
/// with the whole `tessera serve` composition (`secureConversation.amendment.ownSTSAssertions`):
/// the gateway asks `/sts` for an assertion for the echo service confirming its certificate,
/// then amends its echo context with it; the echo service greets the assertion's subject as a
/// claim. Refused and adding nothing: an assertion signed with a key it does not confirm, and
/// one the STS has cancelled.
@Suite struct ContextAmendWithOwnSTSAssertionOverHTTPTests {
    static let base = "http://services.tessera.test"
    static let echoAddress = base + "/echo"

    static func configuration() -> ServerConfiguration {
        var configuration = TestPKI.configuration()
        configuration.publicBaseURL = base
        // A PublicKey request makes the assertion holder-of-key.
        configuration.relyingParties.append(.init(name: "echo", appliesTo: [.exact(echoAddress)], keyType: .publicKey, confirmation: .bearer))
        var section = ServerConfiguration.SecureConversation()
        section.amendment.ownSTSAssertions = true
        configuration.secureConversation = section
        return configuration
    }

    static func stsClient(_ transport: HTTPSOAPTransport, url: String) -> STSClient {
        var client = STSClientConfiguration(endpoint: url, security: .x509Signature(TestPKI.gateway))
        client.stsCertificate = TestPKI.credential("sts").certificate
        return STSClient(transport: transport, configuration: client)
    }

    @Test func theEchoServiceAddsTheSubjectOfItsSTSsHolderOfKeyAssertion() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-amend-saml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = Self.configuration()
        try configuration.validate()
        try await TestServer.serving(configuration, in: directory) { server, serve in
            let stsTransport = try HTTPSOAPTransport(url: server.url + "/sts")
            let echoTransport = try HTTPSOAPTransport(url: server.url + "/echo")
            do {
                try await Self.amend(
                    sts: Self.stsClient(stsTransport, url: server.url + "/sts"), echo: echoTransport, url: server.url + "/echo", store: serve.store)
            } catch {
                try? await stsTransport.shutdown()
                try? await echoTransport.shutdown()
                throw error
            }
            try await stsTransport.shutdown()
            try await echoTransport.shutdown()
        }
    }

    static func amend(sts: STSClient, echo: HTTPSOAPTransport, url: String, store: any DurableStore) async throws {
        func issue() async throws -> [UInt8] {
            var request = TokenRequest(.issue)
            request.appliesTo = echoAddress
            request.tokenType = .saml20
            request.keyType = .publicKey(TestPKI.gateway.certificate)
            return try #require(try await sts.send(request).issuedTokenBytes)
        }
        let assertion = try await issue()
        let parsed = try SAML2.Assertion(element: try XMLDocument(parsing: assertion).root)
        #expect(parsed.subject?.confirmations.map(\.method) == [.holderOfKey])
        let claim = SAMLBootstrap.owner(nameID: try #require(parsed.subject?.nameID?.value), issuer: parsed.issuer.value)
        let identity = TestPKI.gateway.certificate.subject.description

        let client = SecureConversationLifecycleOverHTTPTests.client(url, version: .v13, soap: .v12, transport: echo)
        let context = try await client.establish()

        // Signed with a key the assertion does not confirm.
        await #expect {
            try await client.amend(addingClaimsOf: .samlHolderOfKey(assertion: assertion, credential: TestPKI.credential("service")))
        } throws: { error in
            (error as? SecureConversationError)?.fault?.subcode == QName(WSSNamespace.secext, "FailedCheck")
        }
        #expect(try await store.context(identifier: context.identifier)?.claims == [])

        try await client.amend(addingClaimsOf: .samlHolderOfKey(assertion: assertion, credential: TestPKI.gateway))
        #expect(try await store.context(identifier: context.identifier)?.claims == [claim])
        let reply = try await client.send(EchoService.request("with an assertion"), action: EchoService.action)
        #expect(EchoService.reply(in: reply) == EchoService.greeting(identity: identity, claims: [claim], text: "with an assertion"))

        // An assertion the STS cancelled proves nothing any more.
        let second = try await issue()
        _ = try await sts.send(TokenRequest(.cancel(try XMLDocument(parsing: second).root)))
        let other = SecureConversationLifecycleOverHTTPTests.client(url, version: .v13, soap: .v12, transport: echo)
        let otherContext = try await other.establish()
        await #expect {
            try await other.amend(addingClaimsOf: .samlHolderOfKey(assertion: second, credential: TestPKI.gateway))
        } throws: { error in
            (error as? SecureConversationError)?.fault?.subcode == QName(WSSNamespace.secext, "InvalidSecurityToken")
        }
        #expect(try await store.context(identifier: otherContext.identifier)?.claims == [])
    }
}
