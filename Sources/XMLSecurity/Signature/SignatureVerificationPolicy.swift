import TesseraCrypto

/// Secure-validation limits and algorithm rules for signature verification, on by default
/// (compare Santuario's secure validation and xmlsec1's defaults).
public struct SignatureVerificationPolicy: Sendable {
    /// Most references one signature may carry.
    public var maxReferences: Int = 32
    /// Most transforms one reference may carry.
    public var maxTransformsPerReference: Int = 5
    /// Smallest accepted RSA modulus.
    public var minimumRSAKeyBits: Int = 2048
    /// Shortest accepted HMAC key, in bytes. A value under
    /// `HMACFunction.minimumKeyByteCount` (128 bits, WS-SecurityPolicy 1.2 §6.1) counts as that
    /// floor: no policy accepts a key an attacker can guess.
    public var minimumHMACKeyBytes: Int = HMACFunction.minimumKeyByteCount
    /// Whether public-key signatures over SHA-1 (RSA-SHA1, ECDSA-SHA1) and SHA-1 reference
    /// digests under a public-key signature verify. Off by default: SHA-1 chosen-prefix
    /// collisions are within reach of a funded attacker, so a legacy peer that still sends
    /// them is a configured exception. HMAC-SHA1 and SHA-1 digests under an HMAC signature
    /// (the WS-SecurityPolicy 1.2 §6.1 Basic* suites, keys derived from a shared secret) are
    /// not affected.
    public var _WEAK_allowSHA1PublicKeySignatures: Bool = false
    /// Whether an HMAC truncated by HMACOutputLength is accepted. Off by default: truncation is
    /// what CVE-2009-0217 abused. When on, the output must still be at least max(80 bits, half
    /// the hash length).
    public var allowTruncatedHMAC: Bool = false
    /// Whether a `URI=""` (whole document) reference is accepted.
    public var allowWholeDocumentReference: Bool = true

    public init() {}

    /// The defaults.
    public static let `default` = SignatureVerificationPolicy()
}
