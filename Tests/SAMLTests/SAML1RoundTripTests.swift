import Foundation
import SAML
import Testing
import XMLCore
import XMLSecurity

/// SAML 1.1: build → sign → serialize → parse → validate with the same validator and policies.
struct SAML1RoundTripTests {
    @Test(arguments: [SAML1.ConfirmationMethod.senderVouches, .bearer])
    func signedAssertionValidatesAndReadsBackEqual(_ method: SAML1.ConfirmationMethod) async throws {
        let assertion = Samples.saml11(method: method)
        let document = try signedAndReceived(assertion)
        let validated = try await makeValidator().validate(document.root)
        #expect(validated.assertion == .saml11(assertion))
        #expect(validated.facts.version == .saml11)
        #expect(validated.facts.subjects.count == 2, "each SAML 1.1 statement has its own subject")
        #expect(validated.facts.subjects.allSatisfy { $0.confirmations.first?.kind == method.kind })
    }

    @Test func holderOfKeyCertificateRoundTrips() async throws {
        var assertion = Samples.saml11()
        let confirmation = SAML1.SubjectConfirmation(methods: [.holderOfKey], key: .certificate(Fixtures.gateway.certificate))
        assertion.authenticationStatements[0].subject.confirmation = confirmation
        assertion.attributeStatements[0].subject.confirmation = confirmation
        let validated = try await makeValidator().validate(try signedAndReceived(assertion).root)
        #expect(validated.assertion == .saml11(assertion))
        #expect(validated.facts.subjects.first?.confirmations.first?.keys == [.certificate(Fixtures.gateway.certificate)])
    }

    @Test func signatureIsLastAndReferencesTheAssertionID() throws {
        let assertion = Samples.saml11()
        let document = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(assertion)
        let root = document.root
        #expect(root.children.last?.is("Signature", XMLSecurityNamespace.ds) == true)
        #expect(root.attribute("MajorVersion") == "1" && root.attribute("MinorVersion") == "1")
        #expect(root.attribute("AssertionID") == assertion.id)
        let reference = root.children.last?.firstChild("SignedInfo", XMLSecurityNamespace.ds)?
            .firstChild("Reference", XMLSecurityNamespace.ds)
        #expect(reference?.attribute("URI") == "#" + assertion.id)
        let text = document.serialize().utf8String
        #expect(text.contains("<saml:ConfirmationMethod>urn:oasis:names:tc:SAML:1.0:cm:sender-vouches</saml:ConfirmationMethod>"))
    }

    @Test func tamperedNameIdentifierFailsTheSignature() async throws {
        let document = try signedAndReceived(Samples.saml11())
        let statement = try #require(document.root.firstChild("AuthenticationStatement", SAMLNamespace.assertion11))
        try #require(statement.firstChild("Subject", SAMLNamespace.assertion11)?.firstChild("NameIdentifier", SAMLNamespace.assertion11))
            .setText("admin")
        await expectSAMLError(.invalidSignature) { _ = try await makeValidator().validate(document.root) }
    }

    @Test func refusalsApplyToSAML11() async throws {
        let document = try signedAndReceived(Samples.saml11())
        await expectSAMLError(.expired) {
            _ = try await makeValidator(now: Fixtures.now.addingTimeInterval(3600)).validate(document.root)
        }
        let otherAudience = SAMLAssertionValidator(trustStore: Fixtures.trustStore, clock: .fixed(Fixtures.now)) {
            SAMLAudiencePolicy(audience: "urn:other")
        }
        await expectSAMLError(.audienceMismatch) { _ = try await otherAudience.validate(document.root) }
        await expectSAMLError(.untrustedSigner) {
            _ = try await makeValidator().validate(try signedAndReceived(Samples.saml11(), signer: Fixtures.untrusted).root)
        }
        await expectSAMLError(.confirmationNotAccepted) {
            _ = try await makeValidator(allowed: [.holderOfKey]).validate(document.root)
        }
    }

    @Test func signatureNotLastIsRefusedAsMalformed() async throws {
        let document = try signedAndReceived(Samples.saml11())
        let root = document.root
        let signature = try #require(root.children.last)
        root.addCopy(of: signature, before: root.firstChild("AuthenticationStatement", SAMLNamespace.assertion11))
        signature.remove()
        await expectSAMLError(.malformed) { _ = try await makeValidator().validate(root) }
    }

    @Test func otherVersionsAreUnsupported() async throws {
        let document = try Samples.saml11().makeDocument()
        document.root.setAttribute("MinorVersion", value: "0")
        await expectSAMLError(.unsupported) { _ = try SAMLAssertion(element: document.root) }
    }
}
