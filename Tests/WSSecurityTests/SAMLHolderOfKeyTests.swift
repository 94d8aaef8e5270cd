import Foundation
import SecurityCore
import SOAP
import Testing
import X509
import XMLCore
@testable import WSSecurity

/// A SAML assertion in the security header, and a signature whose KeyInfo names it by a
/// SAMLID KeyIdentifier (SAML Token Profile 1.1 §3.4, §3.5): the engine records the assertion
/// and verifies the signature with the key the configured resolver says the assertion
/// confirms. Deciding whether the assertion is trusted is the resolver's job (the SAML layer);
/// here it is a stub.
struct SAMLHolderOfKeyTests {
    struct StubResolver: SAMLConfirmationKeyResolver {
        enum Failure: Error { case refused }
        let certificates: [String: Certificate]
        var failure: (any Error)?

        func confirmationCertificate(of assertion: HeaderSAMLAssertion, at now: Date) async throws -> Certificate {
            if let failure { throw failure }
            guard let certificate = certificates[assertion.id] else { throw Failure.refused }
            return certificate
        }
    }

    static let saml2 = HeaderSAMLAssertion.saml20Namespace

    /// A stand-in assertion element (the engine reads only its name and ID).
    static func assertion(id: String = "_a1", namespace: String = saml2) -> XMLElement {
        let document = XMLDocument(rootLocalName: "Assertion", namespace: namespace, prefix: "saml2")
        document.root.setAttribute(namespace == saml2 ? "ID" : "AssertionID", value: id)
        document.root.addChild("Issuer", namespace, prefix: "saml2").setText("https://idp.tessera.test")
        return document.root
    }

    /// The Body and Timestamp signed with `signer`'s key, referenced through the assertion.
    func message(signer: X509Credential = Fixtures.service, assertion: XMLElement = assertion()) throws -> SOAPEnvelope {
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.samlAssertion = assertion.document.serialize(assertion)
        var options = SecurityHeaderBuilder.SignatureOptions(credential: signer)
        options.keyReference = .samlAssertionKeyIdentifier
        builder.signature = options
        try builder.secure(envelope)
        return try Fixtures.received(envelope)
    }

    func engine(_ resolver: (any SAMLConfirmationKeyResolver)?) -> WSSecurityEngine {
        var configuration = Fixtures.inbound()
        configuration.samlKeyResolver = resolver
        var policy = SecurityPolicy()
        policy.authentication = .none
        return WSSecurityEngine(configuration: configuration, policy: policy)
    }

    @Test func signatureIsVerifiedWithTheAssertionsConfirmationKey() async throws {
        let envelope = try message()
        let result = try await engine(StubResolver(certificates: ["_a1": Fixtures.service.certificate])).process(envelope)
        #expect(result.samlAssertions.map(\.id) == ["_a1"])
        #expect(result.samlAssertions.first?.version == .saml20)
        let signature = try #require(result.signatures(covering: envelope.body).first)
        guard case .samlAssertion(let id, let key) = signature.token else { Issue.record("not a SAML token: \(signature.token)"); return }
        #expect(id == "_a1")
        #expect(key == Fixtures.service.certificate)
        // A holder-of-key signature is not an X.509 requestor signature.
        #expect(result.authenticatedCertificate == nil)
        let keyIdentifier = try #require(envelope.document.root.descendantsAndSelf.first { $0.localName == "KeyIdentifier" })
        #expect(keyIdentifier.attribute("ValueType") == WSSURI.samlV20ID)
        #expect(keyIdentifier.trimmedText == "_a1")
    }

    @Test func saml11AssertionIsNamedBySAMLAssertionID() async throws {
        let envelope = try message(assertion: Self.assertion(id: "_b2", namespace: HeaderSAMLAssertion.saml11Namespace))
        let result = try await engine(StubResolver(certificates: ["_b2": Fixtures.service.certificate])).process(envelope)
        #expect(result.samlAssertions.first?.version == .saml11)
        let keyIdentifier = try #require(envelope.document.root.descendantsAndSelf.first { $0.localName == "KeyIdentifier" })
        #expect(keyIdentifier.attribute("ValueType") == WSSURI.samlV11ID)
    }

    @Test func aKeyOtherThanTheConfirmedOneFailsTheSignature() async throws {
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await engine(StubResolver(certificates: ["_a1": Fixtures.gateway.certificate])).process(try message())
        }
        #expect(error.code == .failedCheck)
        #expect(error.reason == "the signature does not verify with the key the SAML assertion confirms")
    }

    @Test func withoutAResolverTheReferenceIsUnavailable() async throws {
        let error = try await #require(throws: WSSecurityError.self) { _ = try await engine(nil).process(try message()) }
        #expect(error.code == .securityTokenUnavailable)
    }

    @Test func aResolverRefusalIsAFailedAuthenticationUnlessItChoosesTheFault() async throws {
        var resolver = StubResolver(certificates: [:])
        let refused = try await #require(throws: WSSecurityError.self) { _ = try await engine(resolver).process(try message()) }
        #expect(refused.code == .failedAuthentication)
        resolver.failure = WSSecurityError(.invalidSecurityToken, "the assertion has expired")
        let chosen = try await #require(throws: WSSecurityError.self) { _ = try await engine(resolver).process(try message()) }
        #expect(chosen.code == .invalidSecurityToken)
        #expect(chosen.reason == "the assertion has expired")
    }

    @Test func aKeyIdentifierNamingNoHeaderAssertionIsUnavailable() async throws {
        let envelope = try message()
        let inHeader = try #require(envelope.headerBlocks.first?.children.first { $0.localName == "Assertion" })
        inHeader.setAttribute("ID", value: "_other")
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await engine(StubResolver(certificates: ["_a1": Fixtures.service.certificate, "_other": Fixtures.service.certificate])).process(envelope)
        }
        #expect(error.code == .securityTokenUnavailable)
    }

    @Test func tooManyOrDuplicateAssertionsAreRefused() async throws {
        for ids in [["_1", "_2", "_3", "_4", "_5"], ["_1", "_1"]] {
            let envelope = Fixtures.envelope()
            let security = try envelope.ensureSecurityHeader()
            for id in ids { security.addCopy(of: Self.assertion(id: id)) }
            var policy = SecurityPolicy.none
            policy.requireTimestamp = false
            let error = try await #require(throws: WSSecurityError.self) {
                _ = try await WSSecurityEngine(configuration: Fixtures.inbound(), policy: policy).process(try Fixtures.received(envelope))
            }
            #expect(error.code == .invalidSecurity)
        }
    }
}
