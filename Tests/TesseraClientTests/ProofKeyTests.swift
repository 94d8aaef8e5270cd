import Crypto
import Foundation
import SOAP
import Testing
import TesseraClient
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore
import XMLSecurity

/// The proof key the client returns for each way an STS can answer a symmetric-key request
/// (WS-Trust 1.3 §4.4.3, §4.4.4), with the STS played in process through the transport seam.
struct ProofKeyTests {
    static let serverEntropy: [UInt8] = Array(0x40..<0x60)

    static func client(_ transport: InProcessTransport, version: WSTrustVersion = .v13) throws -> STSClient {
        var configuration = STSClientConfiguration(endpoint: "https://sts.tessera.test/sts", security: .x509Signature(try TestPKI.credential("gateway")))
        configuration.trustVersion = version
        return STSClient(transport: transport, configuration: configuration)
    }

    static func symmetricRequest(keySize: Int = 256, clientEntropy: Bool = true) -> TokenRequest {
        var request = TokenRequest(.issue)
        request.appliesTo = TestSTS.helloService
        request.keyType = .symmetricKey(keySize: keySize, clientEntropy: clientEntropy)
        return request
    }

    /// An issued RSTR carrying a stand-in token and `configure`'s proof material.
    static func rstr(_ rst: RequestSecurityToken, _ configure: (inout RequestSecurityTokenResponse) throws -> Void) rethrows -> RequestSecurityTokenResponse {
        var response = RequestSecurityTokenResponse(version: rst.version)
        response.tokenType = .saml20
        response.requestedSecurityToken = XMLDocument(rootLocalName: "Assertion", namespace: "urn:oasis:names:tc:SAML:2.0:assertion", prefix: "saml2").root
        try configure(&response)
        return response
    }

    static func clientEntropy(of rst: RequestSecurityToken) throws -> [UInt8] {
        guard case .binarySecret(let secret)? = rst.entropy else { throw STSClientError(.invalidRequest, "no client entropy") }
        return secret.value
    }

    /// P_SHA1(secret, seed) of RFC 2246 §5, written out with swift-crypto's HMAC-SHA1 rather
    /// than TesseraCrypto.PSHA1: A(1) = HMAC(secret, seed), A(i) = HMAC(secret, A(i-1)),
    /// output HMAC(secret, A(1) + seed) || HMAC(secret, A(2) + seed) || …
    static func referencePSHA1(secret: [UInt8], seed: [UInt8], length: Int) -> [UInt8] {
        let key = SymmetricKey(data: secret)
        var a = Array(HMAC<Insecure.SHA1>.authenticationCode(for: seed, using: key))
        var output: [UInt8] = []
        while output.count < length {
            output += Array(HMAC<Insecure.SHA1>.authenticationCode(for: a + seed, using: key))
            a = Array(HMAC<Insecure.SHA1>.authenticationCode(for: a, using: key))
        }
        return Array(output.prefix(length))
    }

    @Test(arguments: WSTrustVersion.allCases)
    func computedKeyIsPSHA1OfClientThenServerEntropy(_ version: WSTrustVersion) async throws {
        let seen = LockedBox<[UInt8]>()
        let transport = InProcessTransport.crafted { rst in
            let entropy = try Self.clientEntropy(of: rst)
            seen.value = entropy
            return Self.rstr(rst) {
                $0.requestedProofToken = .computedKey(version.computedKeyPSHA1)
                $0.entropy = .binarySecret(BinarySecret(value: Self.serverEntropy, type: version.binarySecretNonce))
                $0.keySize = 256
            }
        }
        let response = try await Self.client(transport, version: version).send(Self.symmetricRequest())
        let proofKey = try #require(response.proofKey)
        let clientEntropy = try #require(seen.value)
        #expect(proofKey.source == .computed)
        #expect(proofKey.bytes.count == 32)
        #expect(proofKey.bytes == Self.referencePSHA1(secret: clientEntropy, seed: Self.serverEntropy, length: 32))
        #expect(proofKey.bytes != Self.referencePSHA1(secret: Self.serverEntropy, seed: clientEntropy, length: 32), "the entropies are not interchangeable")
        #expect(!proofKey.description.contains(Data(proofKey.bytes).base64EncodedString()))
    }

    @Test func computedKeyUsesTheRequestedSizeWhenTheSTSStatesNone() async throws {
        let transport = InProcessTransport.crafted { rst in
            Self.rstr(rst) {
                $0.requestedProofToken = .computedKey(WSTrustVersion.v13.computedKeyPSHA1)
                $0.entropy = .binarySecret(BinarySecret(value: Self.serverEntropy, type: nil))
            }
        }
        let response = try await Self.client(transport).send(Self.symmetricRequest(keySize: 128))
        #expect(response.proofKey?.bytes.count == 16)
    }

    @Test func binarySecretProofTokenIsTheKey() async throws {
        let key: [UInt8] = Array(repeating: 0xA5, count: 32)
        let transport = InProcessTransport.crafted { rst in
            Self.rstr(rst) { $0.requestedProofToken = .binarySecret(BinarySecret(value: key, type: WSTrustVersion.v13.binarySecretSymmetricKey)) }
        }
        let response = try await Self.client(transport).send(Self.symmetricRequest(clientEntropy: false))
        #expect(response.proofKey?.bytes == key)
        #expect(response.proofKey?.source == .issuer)
    }

    @Test func clientEntropyIsTheKeyWhenTheSTSAddsNone() async throws {
        let seen = LockedBox<[UInt8]>()
        let transport = InProcessTransport.crafted { rst in
            seen.value = try Self.clientEntropy(of: rst)
            return Self.rstr(rst) { _ in }
        }
        let response = try await Self.client(transport).send(Self.symmetricRequest())
        #expect(response.proofKey?.source == .requestorEntropy)
        #expect(response.proofKey?.bytes == seen.value)
    }

    /// The STS encrypts the key for the requestor's certificate (RSA-OAEP); the client decrypts
    /// it with its own key.
    @Test func encryptedProofKeyIsDecryptedWithTheClientsKey() async throws {
        let key: [UInt8] = Array(0..<32)
        let recipient = try PublicKey(certificate: try TestPKI.certificate("gateway"))
        let transport = InProcessTransport.crafted { rst in
            let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
            let encryptedKey = try XMLEncryptor.addEncryptedKey(key, transport: .rsaOAEPSHA1, recipient: recipient, in: holder.root)
            return Self.rstr(rst) { $0.requestedProofToken = .encryptedKey(encryptedKey) }
        }
        let response = try await Self.client(transport).send(Self.symmetricRequest(clientEntropy: false))
        #expect(response.proofKey?.bytes == key)
        #expect(response.proofKey?.source == .decrypted)
    }

    @Test func computedKeyWithoutServerEntropyIsRefused() async throws {
        let transport = InProcessTransport.crafted { rst in
            Self.rstr(rst) { $0.requestedProofToken = .computedKey(WSTrustVersion.v13.computedKeyPSHA1) }
        }
        let error = await #expect(throws: STSClientError.self) { _ = try await Self.client(transport).send(Self.symmetricRequest()) }
        #expect(error?.code == .proofKeyUnavailable)
    }

    @Test func computedKeyWithAnUnknownAlgorithmIsRefused() async throws {
        let transport = InProcessTransport.crafted { rst in
            Self.rstr(rst) {
                $0.requestedProofToken = .computedKey("urn:example:other-kdf")
                $0.entropy = .binarySecret(BinarySecret(value: Self.serverEntropy, type: nil))
            }
        }
        let error = await #expect(throws: STSClientError.self) { _ = try await Self.client(transport).send(Self.symmetricRequest()) }
        #expect(error?.code == .proofKeyUnavailable)
    }

    @Test func bearerResponseHasNoProofKey() async throws {
        let transport = InProcessTransport.crafted { rst in Self.rstr(rst) { _ in } }
        var request = TokenRequest(.issue)
        request.keyType = .bearer
        let response = try await Self.client(transport).send(request)
        #expect(response.proofKey == nil)
    }
}
