import Foundation
import SAML
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore
import XMLSecurity
@testable import STS

/// Proof keys through the whole service: the facts the issuer binds a key to (who signed the
/// Body, whether the channel is TLS) come from the processed security header, not the request.
struct ProofKeyPipelineTests {
    /// A harness whose relying party accepts symmetric keys and can receive them (its certificate).
    static func harness() -> STSHarness {
        var harness = STSHarness()
        var party = harness.configuration.relyingParties.parties[0]
        party.acceptedKeyTypes = [.bearer, .symmetricKey, .publicKey]
        party.encryptionCertificate = TestPKI.service.certificate
        party.encryptsToken = false
        harness.configuration.relyingParties.parties[0] = party
        return harness
    }

    /// An Issue for a symmetric key with 32 bytes of plain client entropy.
    static func symmetricRequest(_ clientEntropy: [UInt8]) -> TestRequest {
        var request = TestRequest()
        request.edit = { rst in
            var parsed = try! RequestSecurityToken(element: rst)
            parsed.keyType = .symmetricKey
            parsed.entropy = .binarySecret(BinarySecret(value: clientEntropy, type: WSTrustVersion.v13.binarySecretNonce))
            let body = rst.parent!
            rst.remove()
            parsed.write(into: body)
        }
        return request
    }

    @Test func overAnOpenChannelTheIssuerEntropyIsEncryptedForTheBodysSigner() async throws {
        let harness = Self.harness()
        let clientEntropy = SecureRandom.bytes(32)
        let response = try await harness.send(try Self.symmetricRequest(clientEntropy).envelope(.signed(TestPKI.gateway), at: harness.now))
        let rstr = try STSHarness.rstr(response)
        guard case .encrypted(let element)? = rstr.entropy else { Issue.record("issuer entropy not encrypted"); return }
        let serverEntropy = try XMLDecryptor().decryptKey(try EncryptedKeyElement(element), privateKey: TestPKI.gateway.privateKey, keyLength: 32)
        #expect(try SymmetricProofKeyTests.relyingPartyKey(rstr) == PSHA1.derive(secret: clientEntropy, seed: serverEntropy, length: 32))
    }

    @Test func overTLSTheIssuerEntropyTravelsAsABinarySecret() async throws {
        let harness = Self.harness()
        let clientEntropy = SecureRandom.bytes(32)
        let response = try await harness.send(
            try Self.symmetricRequest(clientEntropy).envelope(.signed(TestPKI.gateway), at: harness.now),
            context: STSRequestContext(transportIsSecure: true))
        let rstr = try STSHarness.rstr(response)
        guard case .binarySecret(let serverEntropy)? = rstr.entropy else { Issue.record("no plain issuer entropy"); return }
        #expect(try SymmetricProofKeyTests.relyingPartyKey(rstr) == PSHA1.derive(secret: clientEntropy, seed: serverEntropy.value, length: 32))
    }

    @Test func publicKeyProofNamesTheKeyThatSignedTheBody() async throws {
        let harness = Self.harness()
        var request = TestRequest()
        request.edit = { rst in
            var parsed = try! RequestSecurityToken(element: rst)
            parsed.keyType = .publicKey
            parsed.useKey = try! TestTokens.certificate(TestPKI.gateway.certificate)
            let body = rst.parent!
            rst.remove()
            parsed.write(into: body)
        }
        let response = try await harness.send(try request.envelope(.signed(TestPKI.gateway), at: harness.now))
        let assertion = try SAML2.Assertion(element: try #require(try STSHarness.rstr(response).requestedSecurityToken))
        #expect(assertion.subject?.confirmations.first?.method == .holderOfKey)

        // The same UseKey in a request signed by another trusted key proves nothing.
        var other = STSHarness()
        other.configuration.relyingParties = harness.configuration.relyingParties
        other.configuration.requestors.append(TrustedRequestor(name: "chained", certificate: TestPKI.chained.certificate, mayDelegate: false))
        let fault = try await other.fault(try request.envelope(.signed(TestPKI.chained), at: other.now))
        #expect(fault.subcode?.localName == "FailedAuthentication", "\(fault.reason)")
    }
}
