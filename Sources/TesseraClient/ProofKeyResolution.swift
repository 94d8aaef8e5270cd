import SecurityCore
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore
import XMLSecurity

/// Works out the proof key of an RSTR from what the client sent and what the STS answered
/// (WS-Trust 1.3 §4.4.3 and §4.4.4):
/// - a `BinarySecret` proof token is the key;
/// - `ComputedKey` P_SHA1 with STS entropy: key = P_SHA1(client entropy, STS entropy), of the
///   answered KeySize (else the requested one);
/// - an `xenc:EncryptedKey` proof token is decrypted with the client's X.509 key;
/// - no proof token and no STS entropy after client entropy: the client's entropy is the key.
enum ProofKeyResolution {
    static func proofKey(of response: RequestSecurityTokenResponse, request: PreparedRequest, credential: X509Credential?) throws -> ProofKey? {
        switch response.requestedProofToken {
        case .binarySecret(let secret)?:
            return ProofKey(bytes: secret.value, source: .issuer)
        case .computedKey(let algorithm)?:
            guard WSTrustVersion.allCases.contains(where: { $0.computedKeyPSHA1 == algorithm }) else {
                throw STSClientError(.proofKeyUnavailable, "the STS computed the key with an unknown algorithm \(algorithm)")
            }
            guard let clientEntropy = request.clientEntropy else {
                throw STSClientError(.proofKeyUnavailable, "the STS answered with a computed key, and the client sent no entropy")
            }
            let bytes = try keyLength(response, request)
            let serverEntropy: [UInt8]
            switch response.entropy {
            case .binarySecret(let secret)?:
                serverEntropy = secret.value
            case .encrypted(let element)?:
                // The STS encrypts its entropy for the client when the client's went in the clear.
                serverEntropy = try decrypt(element, credential: credential, length: bytes, what: "the STS's entropy")
            case nil:
                throw STSClientError(.proofKeyUnavailable, "the STS answered with a computed key and no entropy of its own")
            }
            return ProofKey(bytes: PSHA1.derive(secret: clientEntropy, seed: serverEntropy, length: bytes), source: .computed)
        case .encryptedKey(let element)?:
            let key = try decrypt(element, credential: credential, length: try keyLength(response, request), what: "the proof key")
            return ProofKey(bytes: key, source: .decrypted)
        case nil:
            guard let clientEntropy = request.clientEntropy, response.requestedSecurityToken != nil else { return nil }
            guard response.entropy == nil else {
                throw STSClientError(.proofKeyUnavailable, "the STS sent entropy without saying how the key is computed")
            }
            return ProofKey(bytes: clientEntropy, source: .requestorEntropy)
        }
    }

    /// Decrypts an `xenc:EncryptedKey` addressed to the client's X.509 key.
    private static func decrypt(_ element: XMLElement, credential: X509Credential?, length: Int, what: String) throws -> [UInt8] {
        guard let credential else {
            throw STSClientError(.proofKeyUnavailable, "\(what) is encrypted, and the client has no X.509 key to decrypt it")
        }
        do {
            return try XMLDecryptor().decryptKey(try EncryptedKeyElement(element), privateKey: credential.privateKey, keyLength: length)
        } catch {
            throw STSClientError(.proofKeyUnavailable, "\(what) cannot be decrypted with the client's key")
        }
    }

    /// The key length in bytes: the STS's KeySize, else the requested one, else 256 bits.
    private static func keyLength(_ response: RequestSecurityTokenResponse, _ request: PreparedRequest) throws -> Int {
        let bits = response.keySize ?? request.keySize ?? 256
        guard KeyRequest.symmetricKeySizes.contains(bits), bits % 8 == 0 else {
            throw STSClientError(.proofKeyUnavailable, "the STS answered with an unusable key size of \(bits) bits")
        }
        return bits / 8
    }
}
