/// HMAC (RFC 2104) over the digests of ``DigestAlgorithm``, for XML-DSig `hmac-sha*` signatures
/// and WS-SecureConversation key derivation.
///
/// The full-length code is returned; truncation (XML-DSig `HMACOutputLength`) is a policy
/// decision for the caller, which must refuse truncation below half the digest length.
public enum HMACFunction {
    /// The HMAC of `message` under `key` with `digest`. Any key length is accepted, as RFC 2104 allows.
    /// Computed by OpenSSL's EVP_MAC with digests fetched once per process (about 1.6 times
    /// swift-crypto's HMAC-SHA1 on 2 KB on the bench machine; docs/benchmarks.md).
    public static func authenticationCode(for message: [UInt8], key: [UInt8], digest: DigestAlgorithm) -> [UInt8] {
        OpenSSL.hmac(message, key: key, digest)
    }
}
