import Foundation
import SAML
import SecurityCore
import SOAP
import STS
import SecureConversation
import TesseraClient
import TesseraSamples
import TesseraStore
import Testing
import WSSecurity
import WSTrust
import XMLCore
@testable import TesseraServer

/// The issued-token bootstrap end to end, as `tessera serve` configures it: the server's own STS
/// issues a holder-of-key SAML 2.0 assertion for the echo service to the gateway (UseKey: its
/// certificate), and the gateway establishes a context with it at the echo service, whose
/// `issuedSAML` section trusts that STS, then exchanges messages under the context. The echo
/// service asks the STS's token store (SQLite, as `tessera serve` opens it) whether the assertion
/// is still current: one the STS cancelled establishes no context.
struct SAMLBootstrapWithOwnSTSTests {
    static let echoAddress = "https://services.tessera.test/echo"

    /// Hands each request to the token service in this process.
    struct InProcessSTS: SOAPTransport {
        let service: SecurityTokenService
        func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
            await service.handle(try SOAPEnvelope(parsing: request), context: STSRequestContext(soapAction: action)).serialize()
        }
    }

    static func configuration(audience: String = echoAddress) -> ServerConfiguration {
        var configuration = TestPKI.configuration()
        // A PublicKey request makes the assertion holder-of-key; `confirmation` is for the others.
        configuration.relyingParties.append(.init(name: "echo", appliesTo: [.exact(echoAddress)], keyType: .publicKey, confirmation: .bearer))
        var section = ServerConfiguration.SecureConversation()
        section.bootstrap = .issuedSAML
        section.issuedSAML = .init(
            issuers: [.init(name: configuration.identity.issuer, certificates: [TestPKI.path("sts.cert.pem")])],
            audiences: [audience])
        configuration.secureConversation = section
        return configuration
    }

    /// Runs `body` with the token service of `configuration` keeping its tokens in a fresh SQLite store.
    static func withTokenService(_ configuration: ServerConfiguration, _ body: (STSConfiguration) async throws -> Void) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-saml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store = try SQLiteStore(path: scratch.appendingPathComponent("store.sqlite").path, masterKey: .generate())
        try await withThrowingTaskGroup(of: Void.self) { running in
            running.addTask { try await store.run() }
            defer { running.cancelAll() }
            var tokenService = try STSConfiguration(configuration, replayCache: store)
            tokenService.tokenStore = store
            try await body(tokenService)
        }
    }

    static func stsClient(_ tokenService: STSConfiguration) -> STSClient {
        var client = STSClientConfiguration(endpoint: "https://sts.tessera.test/sts", security: .x509Signature(TestPKI.gateway))
        client.stsCertificate = TestPKI.credential("sts").certificate
        return STSClient(transport: InProcessSTS(service: SecurityTokenService(configuration: tokenService)), configuration: client)
    }

    /// The gateway's holder-of-key assertion for the echo service, from the token service.
    static func issuedAssertion(_ tokenService: STSConfiguration) async throws -> [UInt8] {
        var request = TokenRequest(.issue)
        request.appliesTo = echoAddress
        request.tokenType = .saml20
        request.keyType = .publicKey(TestPKI.gateway.certificate)
        let response = try await stsClient(tokenService).send(request)
        return try #require(response.issuedTokenBytes)
    }

    static func echo(_ configuration: ServerConfiguration, tokenService: STSConfiguration) throws -> SecureConversationService {
        let hosted = try #require(
            try SecureConversationServiceConfiguration.hosted(
                by: configuration, tokenService: tokenService, contexts: InMemorySecurityContextStore(),
                revocations: InMemorySecurityContextRevocationList()))
        return SecureConversationService(configuration: hosted, handler: EchoService.handler)
    }

    static func client(_ service: SecureConversationService, assertion: [UInt8]) -> SecureConversationClient {
        let bootstrap = ClientBootstrap.samlHolderOfKey(
            assertion: assertion, credential: TestPKI.gateway,
            serviceCertificate: TestPKI.credential("sts").certificate,
            trustStore: X509TrustStore(anchors: [TestPKI.credential("ca").certificate]))
        return SecureConversationClient(
            configuration: SecureConversationClientConfiguration(endpoint: echoAddress, bootstrap: bootstrap),
            transport: InProcessSOAPTransport(service: service))
    }

    @Test func aContextIsEstablishedWithTheSTSsHolderOfKeyAssertion() async throws {
        let configuration = Self.configuration()
        try await Self.withTokenService(configuration) { tokenService in
            let assertion = try await Self.issuedAssertion(tokenService)
            let subject = try #require(try SAML2.Assertion(element: try XMLDocument(parsing: assertion).root).subject)
            #expect(subject.confirmations.map(\.method) == [.holderOfKey])
            let issued = try SAML2.Assertion(element: try XMLDocument(parsing: assertion).root)
            let owner = SAMLBootstrap.owner(nameID: try #require(subject.nameID?.value), issuer: issued.issuer.value)

            let client = Self.client(try Self.echo(configuration, tokenService: tokenService), assertion: assertion)
            try await client.establish()
            for index in 1...5 {
                let reply = try await client.send(EchoService.request("message \(index)"), action: EchoService.action)
                #expect(EchoService.reply(in: reply) == EchoService.greeting(identity: owner, text: "message \(index)"))
            }
        }
    }

    @Test func anAssertionTheSTSCancelledEstablishesNoContext() async throws {
        let configuration = Self.configuration()
        try await Self.withTokenService(configuration) { tokenService in
            let assertion = try await Self.issuedAssertion(tokenService)
            let element = try XMLDocument(parsing: assertion).root
            let id = try #require(element.attribute("ID"))
            _ = try await Self.stsClient(tokenService).send(TokenRequest(.cancel(element)))
            #expect(try await tokenService.tokenStore.record(id: id)?.status == .cancelled)

            let client = Self.client(try Self.echo(configuration, tokenService: tokenService), assertion: assertion)
            await #expect { try await client.establish() } throws: { error in
                (error as? SecureConversationError)?.fault?.subcode == QName(WSSNamespace.secext, "InvalidSecurityToken")
            }
        }
    }

    @Test func anAssertionTheSTSDoesNotKnowEstablishesNoContext() async throws {
        // Signed by the STS's key in its name, but issued by another deployment with its own store.
        let configuration = Self.configuration()
        let elsewhere = try STSConfiguration(configuration)
        let assertion = try await Self.issuedAssertion(elsewhere)
        try await Self.withTokenService(configuration) { tokenService in
            let client = Self.client(try Self.echo(configuration, tokenService: tokenService), assertion: assertion)
            await #expect { try await client.establish() } throws: { error in
                (error as? SecureConversationError)?.fault?.subcode == QName(WSSNamespace.secext, "InvalidSecurityToken")
            }
        }
    }

    @Test func anEchoServiceExpectingAnotherAudienceRefusesIt() async throws {
        try await Self.withTokenService(Self.configuration()) { tokenService in
            let assertion = try await Self.issuedAssertion(tokenService)
            let client = Self.client(
                try Self.echo(Self.configuration(audience: "https://other.tessera.test/echo"), tokenService: tokenService),
                assertion: assertion)
            await #expect { try await client.establish() } throws: { error in
                (error as? SecureConversationError)?.fault?.subcode == QName(WSSNamespace.secext, "InvalidSecurityToken")
            }
        }
    }
}
