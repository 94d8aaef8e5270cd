import Foundation
import TesseraCrypto
import WSTrust
import XMLCore
import XMLSecurity

/// How a context's secret is made (WS-Trust 1.3 §4.4, WS-SC 1.3 §3): the KeySize a client may
/// ask for, the client entropy accepted, and the service's own entropy.
public struct ContextKeyPolicy: Hashable, Sendable {
    /// Key sizes granted, in bits; a request outside is brought to the nearest bound (the
    /// response's KeySize says what was granted), and sizes round up to whole bytes.
    public var keySizes: ClosedRange<Int> = 128...512
    /// The size granted when the request names none.
    public var defaultKeySize = 256
    /// Client entropy accepted, in bytes.
    public var clientEntropyBytes: ClosedRange<Int> = 16...128
    /// Length of the service's entropy, in bytes.
    public var serverEntropyBytes = 32

    public init() {}

    /// The smallest secret ever made, in bits, whatever ``keySizes`` says: the secret keys the
    /// HMACs of the session (WS-SecurityPolicy 1.2 §6.1: at least 128 bits).
    public static let minimumKeySize = HMACFunction.minimumKeyByteCount * 8

    /// The key size granted for `requested` bits.
    func grantedKeySize(_ requested: Int?) -> Int {
        let bits = min(max(requested ?? defaultKeySize, keySizes.lowerBound), keySizes.upperBound)
        return max((bits + 7) / 8 * 8, Self.minimumKeySize)
    }

    /// The secret for a new context or renewal and how the requestor learns it: P_SHA1 of both
    /// entropies with a ComputedKey proof (WS-Trust 1.3 §4.4.4) when the client gave entropy,
    /// else a random secret in the proof token, wrapped for `recipient` (RSA-OAEP) when known
    /// and in a BinarySecret otherwise (for a bootstrap whose transport is confidential).
    func issue(keySize requested: Int?, clientEntropy: [UInt8]?, version: WSTrustVersion, recipient: PublicKey?) throws -> IssuedKey {
        let bits = grantedKeySize(requested)
        guard let clientEntropy else {
            let secret = SecureRandom.bytes(bits / 8)
            let proof: RequestSecurityTokenResponse.ProofToken
            if let recipient {
                let holder = XMLDocument(rootLocalName: "RequestedProofToken", namespace: version.namespace, prefix: "wst")
                proof = .encryptedKey(try XMLEncryptor.addEncryptedKey(secret, transport: .rsaOAEPSHA1, recipient: recipient, in: holder.root))
            } else {
                proof = .binarySecret(BinarySecret(value: secret, type: version.binarySecretSymmetricKey))
            }
            return IssuedKey(secret: secret, keySize: bits, proof: proof, serverEntropy: nil)
        }
        guard clientEntropyBytes.contains(clientEntropy.count) else {
            throw WSTrustError(.invalidRequest, "client entropy must be \(clientEntropyBytes.lowerBound) to \(clientEntropyBytes.upperBound) bytes")
        }
        let serverEntropy = SecureRandom.bytes(serverEntropyBytes)
        return IssuedKey(
            secret: PSHA1.derive(secret: clientEntropy, seed: serverEntropy, length: bits / 8), keySize: bits,
            proof: .computedKey(version.computedKeyPSHA1),
            serverEntropy: BinarySecret(value: serverEntropy, type: version.binarySecretNonce))
    }
}

/// A secret made under ``ContextKeyPolicy`` and what the response tells the requestor about it.
struct IssuedKey {
    let secret: [UInt8]
    /// In bits.
    let keySize: Int
    let proof: RequestSecurityTokenResponse.ProofToken
    let serverEntropy: BinarySecret?
}
