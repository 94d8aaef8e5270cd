import Foundation
import SAML
import Testing
import WSTrust
import XMLCore
import XMLSecurity
@testable import STS

/// Relying-party settings: key types, renewal, per-party signature algorithm, and the start-up
/// check that reports settings that cannot work.
struct RelyingPartyConfigurationTests {
    static func base() -> RelyingParty {
        RelyingParty(name: "hello", addresses: [.exact(TestPKI.hello)])
    }

    @Test func theRequestsKeyTypeIsHonouredOnlyWhenAccepted() throws {
        let party = RelyingParty(name: "p", addresses: [], keyType: .bearer, acceptedKeyTypes: [.bearer, .publicKey])
        #expect(try party.keyType(requested: nil) == .bearer)
        #expect(try party.keyType(requested: .publicKey) == .publicKey)
        #expect(throws: WSTrustError(.invalidRequest, "")) { _ = try party.keyType(requested: .symmetricKey) }
    }

    @Test func the2005NoProofKeyIsABearerRequest() throws {
        var rst = Issuing.request(version: .v200502, keyType: .bearer)
        let document = XMLDocument(rootLocalName: "Body", namespace: nil)
        let element = rst.write(into: document.root)
        #expect(element.children.first { $0.localName == "KeyType" }?.text == KeyType.noProofKey2005)
        rst = try RequestSecurityToken(element: try XMLDocument(parsing: document.serialize(element)).root)
        let decision = try IssuanceDecision(request: rst, registry: RelyingPartyRegistry(parties: [Self.base()]))
        #expect(decision.keyType == .bearer)
    }

    @Test func sha1SignaturesNeedTheWeakSwitch() async throws {
        var party = Issuing.party()
        party.signatureAlgorithm = .rsaSHA1
        await #expect(throws: WSTrustError(.requestFailed, "")) { _ = try await Issuing(party: party).issue(Issuing.request(keyType: nil)) }
        #expect(throws: RelyingPartyConfigurationError.self) { try party.validate() }

        party._WEAK_allowSHA1Signature = true
        try party.validate()
        let (_, rstr, _) = try await Issuing(party: party).issue(Issuing.request(keyType: nil))
        let signature = try #require(rstr.requestedSecurityToken?.firstChild("Signature", XMLSecurityNamespace.ds))
        let signedInfo = try #require(signature.firstChild("SignedInfo", XMLSecurityNamespace.ds))
        #expect(signedInfo.firstChild("SignatureMethod", XMLSecurityNamespace.ds)?.attribute("Algorithm") == SignatureAlgorithm.rsaSHA1.uri)
        #expect(
            signedInfo.firstChild("Reference", XMLSecurityNamespace.ds)?.firstChild("DigestMethod", XMLSecurityNamespace.ds)?
                .attribute("Algorithm") == DigestMethod.sha1.uri)
    }

    @Test func aStrongerAlgorithmIsUsedAndVerifies() async throws {
        var party = Issuing.party()
        party.signatureAlgorithm = .rsaSHA512
        let (_, rstr, _) = try await Issuing(party: party).issue(Issuing.request(keyType: nil))
        let assertion = try #require(rstr.requestedSecurityToken)
        let signedInfo = try #require(assertion.firstChild("Signature", XMLSecurityNamespace.ds)?.firstChild("SignedInfo", XMLSecurityNamespace.ds))
        #expect(signedInfo.firstChild("SignatureMethod", XMLSecurityNamespace.ds)?.attribute("Algorithm") == SignatureAlgorithm.rsaSHA512.uri)
        let validator = SAMLAssertionValidator(trustStore: TestPKI.trustStore) {
            SAMLAudiencePolicy(audience: TestPKI.hello)
            SAMLSubjectConfirmationPolicy(allowed: [.senderVouches])
        }
        _ = try await validator.validate(serialized: assertion.document.serialize(assertion))
    }

    @Test func aWorkableConfigurationValidates() throws {
        var party = Issuing.party(keyTypes: [.bearer, .symmetricKey, .publicKey])
        party.claims = [.passThrough("mail")]
        try party.validate()
        var jwt = RelyingParty(name: "api", addresses: [], tokenType: .jwt)
        jwt.claims = [.passThrough("roles")]
        try jwt.validate()
    }

    @Test(arguments: [
        "defaultKeyType", "symmetricWithoutCertificate", "holderOfKeyConfirmation", "emptyClaimName",
        "encryptedSAML11", "jwtWithProofKey", "jwtRegisteredClaim", "encryptedJWT", "unknownTokenType",
    ])
    func settingsThatCannotWorkAreReported(_ setting: String) throws {
        var party = Self.base()
        switch setting {
        case "defaultKeyType": party.acceptedKeyTypes = [.symmetricKey]
        case "symmetricWithoutCertificate": party.acceptedKeyTypes = [.bearer, .symmetricKey]
        case "holderOfKeyConfirmation": party.confirmation = .holderOfKey
        case "emptyClaimName": party.claims = [ClaimRule(name: "", source: .constant(["x"]))]
        case "encryptedSAML11":
            party.tokenType = .saml11
            party.encryptionCertificate = TestPKI.service.certificate
        case "jwtWithProofKey":
            party.tokenType = .jwt
            party.acceptedKeyTypes = [.bearer, .publicKey]
        case "jwtRegisteredClaim":
            party.tokenType = .jwt
            party.claims = [ClaimRule(name: "sub", source: .constant(["root"]))]
        case "encryptedJWT":
            party.tokenType = .jwt
            party.encryptionCertificate = TestPKI.service.certificate
        default: party.tokenType = .sct13
        }
        #expect(throws: RelyingPartyConfigurationError.self) { try party.validate() }
    }
}
