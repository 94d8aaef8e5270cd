import Foundation
import SAML
import SecurityCore
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore
import XMLSecurity
@testable import STS

/// SymmetricKey issuance (WS-Trust 1.3 §4.4.3, §4.4.4): the key the relying party recovers from
/// the assertion's holder-of-key confirmation is the key the requestor can compute or read from
/// the RSTR, and secrets never travel in the clear over an open channel.
struct SymmetricProofKeyTests {
    let issuing = Issuing(party: Issuing.party(keyTypes: [.bearer, .symmetricKey]))

    /// The proof key as the relying party recovers it: decrypting the EncryptedKey in the
    /// assertion's SubjectConfirmationData with the service's private key.
    static func relyingPartyKey(_ rstr: RequestSecurityTokenResponse, length: Int = 32) throws -> [UInt8] {
        let assertion = try SAML2.Assertion(element: try #require(rstr.requestedSecurityToken))
        let confirmation = try #require(assertion.subject?.confirmations.first)
        #expect(confirmation.method == .holderOfKey)
        guard case .encryptedKey(let encrypted)? = confirmation.data?.keys.first else {
            Issue.record("no EncryptedKey in the holder-of-key confirmation")
            return []
        }
        return try encrypted.decrypt(with: TestPKI.service.privateKey, keyLength: length)
    }

    static func nonce(_ bytes: [UInt8], _ version: WSTrustVersion = .v13) -> Entropy {
        .binarySecret(BinarySecret(value: bytes, type: version.binarySecretNonce))
    }

    @Test(arguments: [WSTrustVersion.v13, .v200502])
    func bothEntropiesGiveAComputedKeyTheRelyingPartyShares(version: WSTrustVersion) async throws {
        let clientEntropy = SecureRandom.bytes(32)
        let (issuance, rstr, _) = try await issuing.issue(
            Issuing.request(version: version, keyType: .symmetricKey, entropy: Self.nonce(clientEntropy, version)))
        guard case .computedKey(let algorithm)? = rstr.requestedProofToken else { Issue.record("no ComputedKey"); return }
        #expect(algorithm == "\(version.namespace)/CK/PSHA1")
        guard case .binarySecret(let serverEntropy)? = rstr.entropy else { Issue.record("no issuer entropy"); return }
        #expect(serverEntropy.type == version.binarySecretNonce)
        #expect(serverEntropy.value.count == 32)
        #expect(rstr.keySize == 256)
        #expect(rstr.keyType == .symmetricKey)
        // WS-Trust 1.3 §4.4.4: key = P_SHA1(requestor entropy, issuer entropy).
        let requestorKey = PSHA1.derive(secret: clientEntropy, seed: serverEntropy.value, length: 32)
        #expect(try Self.relyingPartyKey(rstr) == requestorKey)
        #expect(issuance.proof.symmetricKey == requestorKey)
        #expect(requestorKey != PSHA1.derive(secret: serverEntropy.value, seed: clientEntropy, length: 32))
    }

    @Test(.enabled(if: Interop.python != nil, "TESSERA_PYTHON is not set (run scripts/test)"))
    func computedKeyMatchesPythonsPSHA1() async throws {
        let clientEntropy = SecureRandom.bytes(32)
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: .symmetricKey, entropy: Self.nonce(clientEntropy)))
        guard case .binarySecret(let serverEntropy)? = rstr.entropy else { Issue.record("no issuer entropy"); return }
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        let result = try await Interop.run("psha1.py", [hex(clientEntropy), hex(serverEntropy.value), "32"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(hex(try Self.relyingPartyKey(rstr)) == result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func keySizeIsHonouredWithinBounds() async throws {
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: .symmetricKey, keySize: 128, entropy: Self.nonce(SecureRandom.bytes(16))))
        #expect(rstr.keySize == 128)
        #expect(try Self.relyingPartyKey(rstr, length: 16).count == 16)
    }

    @Test(arguments: [64, 100, 1024])
    func keySizeOutsideTheBoundsIsRefused(bits: Int) async throws {
        await #expect(throws: WSTrustError(.invalidRequest, "")) {
            _ = try await issuing.issue(Issuing.request(keyType: .symmetricKey, keySize: bits, entropy: Self.nonce(SecureRandom.bytes(32))))
        }
    }

    @Test func withoutClientEntropyOverTLSTheKeyIsReturnedAsABinarySecret() async throws {
        let requestor = Issuing.gatewaySigned(confidential: true, encryptionCertificate: false)
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: .symmetricKey), requestor: requestor)
        guard case .binarySecret(let secret)? = rstr.requestedProofToken else { Issue.record("no BinarySecret"); return }
        #expect(secret.type == WSTrustVersion.v13.binarySecretSymmetricKey)
        #expect(rstr.entropy == nil)
        #expect(try Self.relyingPartyKey(rstr) == secret.value)
    }

    @Test func withoutClientEntropyTheKeyIsEncryptedForTheRequestorsCertificate() async throws {
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: .symmetricKey), requestor: Issuing.gatewaySigned(confidential: false))
        guard case .encryptedKey(let element)? = rstr.requestedProofToken else { Issue.record("no EncryptedKey"); return }
        let key = try XMLDecryptor().decryptKey(try EncryptedKeyElement(element), privateKey: TestPKI.gateway.privateKey, keyLength: 32)
        #expect(try Self.relyingPartyKey(rstr) == key)
        // The EncryptedKey names the requestor's certificate by its thumbprint.
        let reference = try SecurityTokenReference(element: try #require(try EncryptedKeyElement(element).keyInfo?.children.first))
        guard case .keyIdentifier(let valueType, let value, _) = reference.form else { Issue.record("not a KeyIdentifier"); return }
        #expect(valueType == WSSURI.thumbprintSHA1)
        #expect(value == (try TestPKI.gateway.certificate.thumbprintSHA1))
    }

    @Test func aKeyThatWouldTravelInTheClearIsRefused() async throws {
        let requestor = Issuing.gatewaySigned(confidential: false, encryptionCertificate: false)
        await #expect(throws: WSTrustError(.requestFailed, "")) {
            _ = try await issuing.issue(Issuing.request(keyType: .symmetricKey), requestor: requestor)
        }
    }

    @Test func plainClientEntropyOverAnOpenChannelGetsEncryptedIssuerEntropy() async throws {
        let clientEntropy = SecureRandom.bytes(32)
        let (_, rstr, _) = try await issuing.issue(
            Issuing.request(keyType: .symmetricKey, entropy: Self.nonce(clientEntropy)),
            requestor: Issuing.gatewaySigned(confidential: false))
        guard case .encrypted(let element)? = rstr.entropy else { Issue.record("issuer entropy not encrypted"); return }
        let serverEntropy = try XMLDecryptor().decryptKey(try EncryptedKeyElement(element), privateKey: TestPKI.gateway.privateKey, keyLength: 32)
        #expect(try Self.relyingPartyKey(rstr) == PSHA1.derive(secret: clientEntropy, seed: serverEntropy, length: 32))
    }

    @Test func clientEntropyEncryptedForTheSTSIsDecrypted() async throws {
        let clientEntropy = SecureRandom.bytes(32)
        let holder = XMLDocument(rootLocalName: "Entropy", namespace: WSTrustVersion.v13.namespace, prefix: "wst")
        let encrypted = try XMLEncryptor.addEncryptedKey(
            clientEntropy, transport: .rsaOAEPSHA1,
            recipient: TestPKI.sts.privateKey.publicKey, in: holder.root)
        let (_, rstr, _) = try await issuing.issue(
            Issuing.request(keyType: .symmetricKey, entropy: .encrypted(encrypted)),
            requestor: Issuing.gatewaySigned(confidential: false))
        // The requestor's entropy was secret, so the issuer's may travel in the clear.
        guard case .binarySecret(let serverEntropy)? = rstr.entropy else { Issue.record("no plain issuer entropy"); return }
        #expect(try Self.relyingPartyKey(rstr) == PSHA1.derive(secret: clientEntropy, seed: serverEntropy.value, length: 32))
    }

    @Test func entropyEncryptedForAnotherKeyIsRefused() async throws {
        let holder = XMLDocument(rootLocalName: "Entropy", namespace: WSTrustVersion.v13.namespace, prefix: "wst")
        let encrypted = try XMLEncryptor.addEncryptedKey(
            SecureRandom.bytes(32), transport: .rsaOAEPSHA1,
            recipient: TestPKI.untrusted.privateKey.publicKey, in: holder.root)
        await #expect(throws: WSTrustError(.invalidRequest, "")) {
            _ = try await issuing.issue(Issuing.request(keyType: .symmetricKey, entropy: .encrypted(encrypted)))
        }
    }

    @Test func shortClientEntropyIsRefused() async throws {
        await #expect(throws: WSTrustError(.invalidRequest, "")) {
            _ = try await issuing.issue(Issuing.request(keyType: .symmetricKey, entropy: Self.nonce(SecureRandom.bytes(8))))
        }
    }

    @Test func anUnknownComputedKeyAlgorithmIsRefused() async throws {
        var rst = Issuing.request(keyType: .symmetricKey, entropy: Self.nonce(SecureRandom.bytes(32)))
        rst.computedKeyAlgorithm = "http://example.com/CK/HKDF"
        await #expect(throws: WSTrustError(.invalidRequest, "")) { _ = try await issuing.issue(rst) }
    }

    @Test func aRelyingPartyWithoutCertificateCannotReceiveASymmetricKey() async throws {
        var issuing = self.issuing
        issuing.party.encryptionCertificate = nil
        await #expect(throws: WSTrustError(.requestFailed, "")) {
            _ = try await issuing.issue(Issuing.request(keyType: .symmetricKey, entropy: Self.nonce(SecureRandom.bytes(32))))
        }
    }

    @Test func requestorModeUsesTheClientKeyAndReturnsNoProofToken() async throws {
        var issuing = self.issuing
        issuing.issuer = TokenIssuer(
            issuerName: TestPKI.issuerName, credential: TestPKI.sts,
            proofKeyPolicy: ProofKeyPolicy(entropyMode: .requestor))
        let key = SecureRandom.bytes(32)
        let (_, rstr, _) = try await issuing.issue(
            Issuing.request(
                keyType: .symmetricKey,
                entropy: .binarySecret(
                    BinarySecret(value: key, type: WSTrustVersion.v13.binarySecretSymmetricKey))))
        #expect(rstr.requestedProofToken == nil)
        #expect(rstr.entropy == nil)
        #expect(try Self.relyingPartyKey(rstr) == key)
    }

    @Test func aKeyTypeTheRelyingPartyDoesNotAcceptIsRefused() async throws {
        let bearerOnly = Issuing(party: Issuing.party(keyTypes: [.bearer]))
        await #expect(throws: WSTrustError(.invalidRequest, "")) {
            _ = try await bearerOnly.issue(Issuing.request(keyType: .symmetricKey, entropy: Self.nonce(SecureRandom.bytes(32))))
        }
    }
}
