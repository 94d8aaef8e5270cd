import Foundation
import SAML
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore
import XMLSecurity
@testable import STS

/// A relying party with a certificate and token encryption on gets a `saml2:EncryptedAssertion`
/// only it can open, holding the signed assertion the references name.
struct EncryptedAssertionIssuanceTests {
    @Test func theAssertionIsEncryptedForTheRelyingParty() async throws {
        let issuing = Issuing(party: Issuing.party(encryptsToken: true))
        let (issuance, rstr, _) = try await issuing.issue(Issuing.request(keyType: nil))
        let encrypted = try #require(rstr.requestedSecurityToken)
        #expect(encrypted.is("EncryptedAssertion", "urn:oasis:names:tc:SAML:2.0:assertion"))
        #expect(!String(decoding: encrypted.document.serialize(encrypted), as: UTF8.self).contains("jdoe"))
        let reference = try SecurityTokenReference(element: try #require(rstr.requestedAttachedReference))
        guard case .keyIdentifier(_, _, let id) = reference.form else { Issue.record("not a KeyIdentifier"); return }
        #expect(id == issuance.token.id)

        // The relying party decrypts and validates what it received.
        let received = try XMLDocument(parsing: encrypted.document.serialize(encrypted))
        let assertion = try SAML2.EncryptedAssertion.decrypt(received.root, privateKey: TestPKI.service.privateKey)
        #expect(assertion.attribute("ID") == id)
        let validated = try await SAMLAssertionValidator(trustStore: TestPKI.trustStore) {
            SAMLAudiencePolicy(audience: TestPKI.hello, requireRestriction: true)
            SAMLSubjectConfirmationPolicy(allowed: [.senderVouches])
        }.validate(serialized: received.serialize(assertion))
        #expect(validated.facts.subjects.first?.name == "jdoe")
    }

    @Test func anotherKeyCannotOpenIt() async throws {
        let issuing = Issuing(party: Issuing.party(encryptsToken: true))
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: nil))
        let encrypted = try #require(rstr.requestedSecurityToken)
        let received = try XMLDocument(parsing: encrypted.document.serialize(encrypted))
        #expect(throws: SAMLError(.decryptionFailed, "")) {
            _ = try SAML2.EncryptedAssertion.decrypt(received.root, privateKey: TestPKI.gateway.privateKey)
        }
    }

    @Test func aSAML11PartyAskingForEncryptionIsRefused() async throws {
        let issuing = Issuing(party: Issuing.party(tokenType: .saml11, encryptsToken: true))
        await #expect(throws: WSTrustError(.requestFailed, "")) { _ = try await issuing.issue(Issuing.request(keyType: nil)) }
    }
}
