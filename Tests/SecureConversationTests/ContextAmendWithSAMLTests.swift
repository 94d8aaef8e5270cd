import Foundation
import SAML
import SecurityCore
import SOAP
import SecureConversation
import Testing
import WSSecurity
import WSTrust
import XMLCore

/// Amend (WS-SC 1.3 §7) with a holder-of-key SAML assertion as the claims: the assertion's
/// confirmation key signs the Body and Timestamp with a reference to it (SAML Token Profile 1.1
/// §3.5.1), and the service adds the subject as its issuer names it. Refused, adding nothing: a
/// sender-vouches assertion, one signed by an issuer the service does not trust, one whose
/// confirmation key is not the signer's, an expired one, and any assertion when the service
/// accepts no SAML claims (no key resolves for its signature: `wsse:SecurityTokenUnavailable`).
@Suite struct ContextAmendWithSAMLTests {
    let assertions = SAMLBootstrapTests()
    static let holder = SAMLBootstrapTests.holder
    static let claim = SAMLBootstrap.owner(nameID: "alice", issuer: SAMLBootstrapTests.issuerName)

    func service(acceptingSAML: Bool = true) -> (SecureConversationService, InMemorySecurityContextStore) {
        let store = InMemorySecurityContextStore()
        var configuration = Fixtures.serviceConfiguration(clock: assertions.clock, keeping: .stateful(store))
        let issuers = SAMLBootstrap(
            issuers: [SAMLBootstrap.Issuer(name: SAMLBootstrapTests.issuerName, certificates: [SAMLBootstrapTests.sts.certificate])],
            audiences: [Fixtures.endpoint])
        configuration.amendment = ContextAmendmentPolicy(trustStore: Fixtures.trustStore(), samlIssuers: acceptingSAML ? issuers : nil)
        return (ContextAmendTests.service(configuration), store)
    }

    func established(_ service: SecureConversationService) async throws -> (SecureConversationClient, SecureConversationClient.Context) {
        let client = SecureConversationClient(
            configuration: Fixtures.clientConfiguration(version: .v13, clock: assertions.clock), transport: RecordingTransport(service: service))
        return (client, try await client.establish())
    }

    @Test func aHolderOfKeyAssertionOfATrustedIssuerAddsItsSubject() async throws {
        let (service, store) = service()
        let (client, context) = try await established(service)
        try await client.amend(addingClaimsOf: .samlHolderOfKey(assertion: try assertions.saml20(), credential: Self.holder))
        #expect(try await store.context(identifier: context.identifier)?.claims == [Self.claim])
        #expect(try await ContextAmendTests.greeting(client) == "\(Fixtures.gateway.certificate.subject) | \(Self.claim)")
    }

    @Test(arguments: ["sender-vouches", "untrusted issuer", "expired"])
    func anAssertionTheServiceCannotTrustIsRefused(_ attack: String) async throws {
        let (service, store) = service()
        let (client, context) = try await established(service)
        let assertion =
            switch attack {
            case "sender-vouches": try assertions.saml20(confirmation: .senderVouches)
            case "untrusted issuer": try assertions.saml20(signer: Fixtures.credential("untrusted"))
            default: try assertions.saml20(validity: 600, issued: -7200)
            }
        await #expect {
            try await client.amend(addingClaimsOf: .samlHolderOfKey(assertion: assertion, credential: Self.holder))
        } throws: { ContextAmendTests.faultSubcode($0) == QName(WSSNamespace.secext, "InvalidSecurityToken") }
        #expect(try await store.context(identifier: context.identifier)?.claims == [])
    }

    @Test func anAssertionWhoseKeyIsNotTheSignersIsRefused() async throws {
        let (service, store) = service()
        let (client, context) = try await established(service)
        // The assertion confirms the holder's certificate; the gateway's key signs.
        await #expect {
            try await client.amend(addingClaimsOf: .samlHolderOfKey(assertion: try assertions.saml20(), credential: Fixtures.gateway))
        } throws: { ContextAmendTests.faultSubcode($0) == QName(WSSNamespace.secext, "FailedCheck") }
        #expect(try await store.context(identifier: context.identifier)?.claims == [])
    }

    @Test func aServiceThatAcceptsNoSAMLClaimsRefusesAnyAssertion() async throws {
        let (service, store) = service(acceptingSAML: false)
        let (client, context) = try await established(service)
        await #expect {
            try await client.amend(addingClaimsOf: .samlHolderOfKey(assertion: try assertions.saml20(), credential: Self.holder))
        } throws: { ContextAmendTests.faultSubcode($0) == QName(WSSNamespace.secext, "SecurityTokenUnavailable") }
        #expect(try await store.context(identifier: context.identifier)?.claims == [])
        // A certificate claim still works there.
        try await client.amend(addingClaimsOf: Fixtures.service)
        #expect(try await store.context(identifier: context.identifier)?.claims == ["\(Fixtures.service.certificate.subject)"])
    }
}
