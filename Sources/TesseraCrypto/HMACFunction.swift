/// HMAC (RFC 2104) over the digests of ``DigestAlgorithm``, for XML-DSig `hmac-sha*` signatures
/// and WS-SecureConversation key derivation.
///
/// The full-length code is returned; truncation (XML-DSig `HMACOutputLength`) is a policy
/// decision for the caller, which must refuse truncation below half the digest length.
public enum HMACFunction {
    /// The shortest key accepted to authenticate a message, in bytes: 128 bits, the smallest
    /// HMAC key of the WS-SecurityPolicy 1.2 §6.1 algorithm suites (Basic128's `PSha1L128`) and
    /// the security strength NIST SP 800-107 §5.3.4 asks of an HMAC key. A shorter key can be
    /// guessed: a one-byte key is one of 256 values.
    public static let minimumKeyByteCount = 16

    /// The HMAC of `message` under `key` with `digest`. Any key length is accepted, as RFC 2104
    /// allows (the published test vectors use 4-byte keys); a key that authenticates a peer
    /// must first pass ``checkKeyLength(_:)``.
    /// Computed by OpenSSL's EVP_MAC with digests fetched once per process (about 1.6 times
    /// swift-crypto's HMAC-SHA1 on 2 KB on the bench machine; docs/benchmarks.md).
    public static func authenticationCode(for message: [UInt8], key: [UInt8], digest: DigestAlgorithm) -> [UInt8] {
        OpenSSL.hmac(message, key: key, digest)
    }

    /// Refuses a key shorter than ``minimumKeyByteCount`` with
    /// ``CryptoError/Code-swift.struct/invalidKeySize``.
    public static func checkKeyLength(_ key: [UInt8]) throws {
        guard key.count >= minimumKeyByteCount else {
            throw CryptoError.invalidKeySize("HMAC keys shorter than \(minimumKeyByteCount) bytes are not accepted")
        }
    }
}
