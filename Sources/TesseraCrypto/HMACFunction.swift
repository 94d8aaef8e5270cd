internal import Crypto

/// HMAC (RFC 2104) over the digests of ``DigestAlgorithm``, for XML-DSig `hmac-sha*` signatures
/// and WS-SecureConversation key derivation.
///
/// The full-length code is returned; truncation (XML-DSig `HMACOutputLength`) is a policy
/// decision for the caller, which must refuse truncation below half the digest length.
public enum HMACFunction {
    /// The HMAC of `message` under `key` with `digest`. Any key length is accepted, as RFC 2104 allows.
    /// HMAC-SHA224 is computed by OpenSSL, the others by swift-crypto.
    public static func authenticationCode(for message: [UInt8], key: [UInt8], digest: DigestAlgorithm) -> [UInt8] {
        let symmetricKey = SymmetricKey(data: key)
        switch digest {
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: symmetricKey))
        case .sha224: return OpenSSL.hmac(message, key: key, .sha224)
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: symmetricKey))
        case .sha384: return Array(HMAC<SHA384>.authenticationCode(for: message, using: symmetricKey))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: symmetricKey))
        }
    }
}
