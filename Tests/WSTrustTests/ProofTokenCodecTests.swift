import Foundation
import SOAP
import Testing
import XMLCore
@testable import WSTrust

/// The proof-key parts of requests and responses (WS-Trust 1.3 §4.4.3, §4.4.4): KeyType URIs of
/// both versions, ComputedKey algorithms, issuer entropy in the clear or encrypted, and the final
/// response shape per version.
struct ProofTokenCodecTests {
    static func roundTrip(_ rstr: RequestSecurityTokenResponse) throws -> (RequestSecurityTokenResponse, XMLElement) {
        let envelope = SOAPEnvelope(version: .v12)
        rstr.writeFinalIssueResponse(into: envelope.body)
        let received = try SOAPEnvelope(parsing: envelope.serialize())
        let payload = try #require(received.bodyPayload)
        switch rstr.version {
        case .v13: return (try #require(try RequestSecurityTokenResponseCollection(element: payload).responses.first), payload)
        case .v200502: return (try RequestSecurityTokenResponse(element: payload), payload)
        }
    }

    @Test func keyTypeURIsOfBothVersionsAndTheIdentityNoProofKey() {
        #expect(KeyType(uri: " http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey ") == .bearer)
        #expect(KeyType(uri: "http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer") == .bearer)
        #expect(KeyType(uri: "http://schemas.xmlsoap.org/ws/2005/02/trust/SymmetricKey") == .symmetricKey)
        #expect(KeyType(uri: "http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey") == .publicKey)
        #expect(KeyType(uri: "http://docs.oasis-open.org/ws-sx/ws-trust/200512/Unknown") == nil)
        #expect(KeyType.bearer.uri(.v200502) == KeyType.noProofKey2005)
    }

    @Test func computedKeyAlgorithmIsReadInEitherNamespace() {
        #expect(ComputedKeyAlgorithm(uri: "http://docs.oasis-open.org/ws-sx/ws-trust/200512/CK/PSHA1") == .psha1)
        #expect(ComputedKeyAlgorithm(uri: "http://schemas.xmlsoap.org/ws/2005/02/trust/CK/PSHA1\n") == .psha1)
        #expect(ComputedKeyAlgorithm(uri: "http://docs.oasis-open.org/ws-sx/ws-trust/200512/CK/HSHA1") == nil)
        #expect(ComputedKeyAlgorithm.psha1.uri(.v200502) == "http://schemas.xmlsoap.org/ws/2005/02/trust/CK/PSHA1")
    }

    @Test(arguments: WSTrustVersion.allCases)
    func computedKeyResponseRoundTrips(_ version: WSTrustVersion) throws {
        var rstr = RequestSecurityTokenResponse(version: version)
        rstr.requestedProofToken = .computedKey(ComputedKeyAlgorithm.psha1.uri(version))
        rstr.entropy = .binarySecret(BinarySecret(value: Array(repeating: 7, count: 32), type: version.binarySecretNonce))
        rstr.keySize = 256
        rstr.keyType = .symmetricKey
        let (parsed, payload) = try Self.roundTrip(rstr)
        #expect(payload.localName == (version == .v13 ? "RequestSecurityTokenResponseCollection" : "RequestSecurityTokenResponse"))
        guard case .computedKey(let algorithm)? = parsed.requestedProofToken else { Issue.record("ComputedKey lost"); return }
        #expect(ComputedKeyAlgorithm(uri: algorithm) == .psha1)
        guard case .binarySecret(let secret)? = parsed.entropy else { Issue.record("entropy lost"); return }
        #expect(secret.value == Array(repeating: 7, count: 32))
        #expect(secret.type == version.binarySecretNonce)
        #expect(parsed.keySize == 256)
        #expect(parsed.keyType == .symmetricKey)
    }

    @Test func encryptedIssuerEntropyRoundTrips() throws {
        let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
        let encryptedKey = holder.root.addChild("EncryptedKey", "http://www.w3.org/2001/04/xmlenc#", prefix: "xenc")
        encryptedKey.addChild("CipherData", "http://www.w3.org/2001/04/xmlenc#", prefix: "xenc")
        var rstr = RequestSecurityTokenResponse(version: .v13)
        rstr.entropy = .encrypted(encryptedKey)
        let (parsed, _) = try Self.roundTrip(rstr)
        guard case .encrypted(let element)? = parsed.entropy else { Issue.record("encrypted entropy lost"); return }
        #expect(element.localName == "EncryptedKey")
        #expect(element.firstChild("CipherData", "http://www.w3.org/2001/04/xmlenc#") != nil)
    }
}
