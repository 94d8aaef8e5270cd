import Foundation
import SAML
import SOAP
import STS
import SecureConversation
import TesseraClient
import Testing
import WSSecurity
import WSTrust
import XMLCore
@testable import TesseraServer

/// The issued-token bootstrap end to end, as `tessera serve` configures it: the server's own STS
/// issues a holder-of-key SAML 2.0 assertion for the echo service to the gateway (UseKey: its
/// certificate), and the gateway establishes a context with it at the echo service, whose
/// `issuedSAML` section trusts that STS, then exchanges messages under the context.
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
        section.issuedSAML = .init(issuers: [.init(name: configuration.identity.issuer, certificates: [TestPKI.path("sts.cert.pem")])],
                                   audiences: [audience])
        configuration.secureConversation = section
        return configuration
    }

    /// The gateway's holder-of-key assertion for the echo service, from the configured STS.
    static func issuedAssertion(_ configuration: ServerConfiguration) async throws -> [UInt8] {
        let sts = SecurityTokenService(configuration: try STSConfiguration(configuration))
        var client = STSClientConfiguration(endpoint: "https://sts.tessera.test/sts", security: .x509Signature(TestPKI.gateway))
        client.stsCertificate = TestPKI.credential("sts").certificate
        var request = TokenRequest(.issue)
        request.appliesTo = echoAddress
        request.tokenType = .saml20
        request.keyType = .publicKey(TestPKI.gateway.certificate)
        let response = try await STSClient(transport: InProcessSTS(service: sts), configuration: client).send(request)
        return try #require(response.issuedTokenBytes)
    }

    static func echo(_ configuration: ServerConfiguration) throws -> SecureConversationService {
        let hosted = try #require(try SecureConversationServiceConfiguration.hosted(
            by: configuration, tokenService: try STSConfiguration(configuration), contexts: InMemorySecurityContextStore(),
            revocations: InMemorySecurityContextRevocationList()))
        return SecureConversationService(configuration: hosted, handler: EchoService.handler)
    }

    static func client(_ service: SecureConversationService, assertion: [UInt8]) -> SecureConversationClient {
        let bootstrap = ClientBootstrap.samlHolderOfKey(assertion: assertion, credential: TestPKI.gateway,
                                                        serviceCertificate: TestPKI.credential("sts").certificate,
                                                        trustStore: X509TrustStore(anchors: [TestPKI.credential("ca").certificate]))
        return SecureConversationClient(configuration: SecureConversationClientConfiguration(endpoint: echoAddress, bootstrap: bootstrap),
                                        transport: InProcessSOAPTransport(service: service))
    }

    @Test func aContextIsEstablishedWithTheSTSsHolderOfKeyAssertion() async throws {
        let configuration = Self.configuration()
        let assertion = try await Self.issuedAssertion(configuration)
        let subject = try #require(try SAML2.Assertion(element: try XMLDocument(parsing: assertion).root).subject)
        #expect(subject.confirmations.map(\.method) == [.holderOfKey])
        let owner = try #require(subject.nameID?.value)

        let client = Self.client(try Self.echo(configuration), assertion: assertion)
        try await client.establish()
        for index in 1...5 {
            let reply = try await client.send(EchoService.request("message \(index)"), action: EchoService.action)
            #expect(EchoService.reply(in: reply) == EchoService.greeting(identity: owner, text: "message \(index)"))
        }
    }

    @Test func anEchoServiceExpectingAnotherAudienceRefusesIt() async throws {
        let assertion = try await Self.issuedAssertion(Self.configuration())
        let client = Self.client(try Self.echo(Self.configuration(audience: "https://other.tessera.test/echo")), assertion: assertion)
        await #expect { try await client.establish() } throws: { error in
            (error as? SecureConversationError)?.fault?.subcode == QName(WSSNamespace.secext, "InvalidSecurityToken")
        }
    }
}
