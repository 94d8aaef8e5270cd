import Foundation
import SAML
import SOAP
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore
@testable import STS

/// What clients written for ADFS and WCF rely on in the RSTR: TokenType without surrounding
/// whitespace, Lifetime with milliseconds, one RSTR for one 2005/02 request, and an assertion
/// whose bytes can be forwarded verbatim (it declares its own namespaces).
struct ResponseShapeTests {
    let issuing = Issuing(party: Issuing.party(keyTypes: [.bearer, .symmetricKey]))

    static func child(_ element: XMLElement, _ name: String) -> XMLElement? {
        element.children.first { $0.localName == name }
    }

    @Test func tokenTypeHasNoSurroundingWhitespaceAndLifetimeKeepsMilliseconds() async throws {
        var rst = Issuing.request(keyType: nil)
        rst.lifetime = Lifetime(created: Date(timeIntervalSince1970: issuing.now.timeIntervalSince1970.rounded(.down) - 10 + 0.123), expires: nil)
        let (_, _, envelope) = try await issuing.issue(rst)
        let rstr = try #require(envelope.bodyPayload?.children.first)
        let tokenType = try #require(Self.child(rstr, "TokenType"))
        #expect(tokenType.text == TokenType.saml20.rawValue)
        let lifetime = try #require(Self.child(rstr, "Lifetime"))
        let created = try #require(Self.child(lifetime, "Created")).text
        #expect(created.hasSuffix(".123Z"))
        #expect(created.count == "2009-11-08T11:03:20.344Z".count)
    }

    @Test func a2005RequestGetsOneRSTRAndTheNoProofKeyKeyType() async throws {
        let (_, rstr, envelope) = try await issuing.issue(Issuing.request(version: .v200502, keyType: .bearer))
        let payload = try #require(envelope.bodyPayload)
        #expect(payload.localName == "RequestSecurityTokenResponse")
        #expect(payload.namespaceURI == WSTrustVersion.v200502.namespace)
        let keyType = try #require(Self.child(payload, "KeyType"))
        #expect(keyType.text == KeyType.noProofKey2005)
        #expect(rstr.keyType == .bearer)
    }

    @Test func a13RequestGetsACollection() async throws {
        let (_, _, envelope) = try await issuing.issue(Issuing.request(keyType: nil))
        #expect(envelope.bodyPayload?.localName == "RequestSecurityTokenResponseCollection")
        #expect(envelope.bodyPayload?.children.count == 1)
    }

    @Test func symmetricResponseCarriesProofTokenEntropyAndKeySize() async throws {
        let entropy = Entropy.binarySecret(BinarySecret(value: SecureRandom.bytes(32), type: WSTrustVersion.v13.binarySecretNonce))
        let (_, _, envelope) = try await issuing.issue(Issuing.request(keyType: .symmetricKey, entropy: entropy))
        let rstr = try #require(envelope.bodyPayload?.children.first)
        let names = rstr.children.map(\.localName)
        #expect(
            names == [
                "TokenType", "RequestedSecurityToken", "RequestedAttachedReference", "RequestedUnattachedReference",
                "RequestedProofToken", "Entropy", "AppliesTo", "Lifetime", "KeySize", "KeyType",
            ])
        let keySize = try #require(Self.child(rstr, "KeySize"))
        #expect(keySize.text == "256")
        let proofToken = try #require(Self.child(rstr, "RequestedProofToken"))
        #expect(Self.child(proofToken, "ComputedKey")?.text == "http://docs.oasis-open.org/ws-sx/ws-trust/200512/CK/PSHA1")
    }

    /// The assertion's subtree, serialized alone from the received response, is exactly the bytes
    /// inside the response, re-parses on its own and verifies standalone.
    @Test(arguments: [KeyType.bearer, .symmetricKey])
    func theAssertionCanBeForwardedVerbatim(keyType: KeyType) async throws {
        let entropy =
            keyType == .symmetricKey
            ? Entropy.binarySecret(BinarySecret(value: SecureRandom.bytes(32), type: WSTrustVersion.v13.binarySecretNonce)) : nil
        let (issuance, rstr, envelope) = try await issuing.issue(Issuing.request(keyType: keyType, entropy: entropy))
        let assertion = try #require(rstr.requestedSecurityToken)
        let alone = envelope.document.serialize(assertion)
        let whole = envelope.serialize()
        #expect(Data(whole).range(of: Data(alone)) != nil)

        let forwarded = try XMLDocument(parsing: alone)
        #expect(forwarded.root.attribute("ID") == issuance.token.id)
        let validator = SAMLAssertionValidator(trustStore: TestPKI.trustStore) {
            SAMLAudiencePolicy(audience: TestPKI.hello, requireRestriction: true)
            SAMLSubjectConfirmationPolicy(allowed: [.senderVouches, .holderOfKey])
        }
        let validated = try await validator.validate(serialized: alone)
        #expect(validated.signer == TestPKI.sts.certificate)
        #expect(validated.facts.subjects.first?.name == "jdoe")
    }
}
