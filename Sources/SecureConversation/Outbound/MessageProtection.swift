public import XMLSecurity

/// How messages secured with a context are signed and encrypted: the algorithms and the
/// lengths of the two derived keys (one to sign, one to encrypt; WS-SC 1.3 §7 recommends a
/// key per purpose). The presets are the WS-SecurityPolicy 1.2 §6.1 algorithm suites.
public struct MessageProtection: Hashable, Sendable {
    /// An HMAC SignatureMethod (HMAC-SHA1 in the Basic suites, HMAC-SHA256 in the Sha256 ones).
    public var signatureAlgorithm: SignatureAlgorithm
    /// The Reference DigestMethod.
    public var digestMethod: DigestMethod
    /// Length of the signing key derived for each message, in bytes.
    public var signatureKeyLength: Int
    /// Encrypts the Body's content (AES-CBC in the suites; AES-GCM may be chosen).
    public var encryptionAlgorithm: BlockEncryptionAlgorithm
    /// Whether the Body's content is encrypted at all.
    public var encryptBody = true
    /// Length of each DerivedKeyToken nonce, in bytes.
    public var nonceLength = 16

    public init(
        signatureAlgorithm: SignatureAlgorithm, digestMethod: DigestMethod, signatureKeyLength: Int,
        encryptionAlgorithm: BlockEncryptionAlgorithm
    ) {
        self.signatureAlgorithm = signatureAlgorithm
        self.digestMethod = digestMethod
        self.signatureKeyLength = signatureKeyLength
        self.encryptionAlgorithm = encryptionAlgorithm
    }

    /// Basic256: HMAC-SHA1 with a 192-bit derived key (Sig KD PSha1L192), SHA-1 digests,
    /// AES-256-CBC. What WCF uses by default.
    public static let basic256 = MessageProtection(
        signatureAlgorithm: .hmacSHA1, digestMethod: .sha1, signatureKeyLength: 24,
        encryptionAlgorithm: .aes256CBC)
    /// Basic128: HMAC-SHA1 with a 128-bit derived key, SHA-1 digests, AES-128-CBC.
    public static let basic128 = MessageProtection(
        signatureAlgorithm: .hmacSHA1, digestMethod: .sha1, signatureKeyLength: 16,
        encryptionAlgorithm: .aes128CBC)
    /// Basic256Sha256: HMAC-SHA256 with a 192-bit derived key, SHA-256 digests, AES-256-CBC.
    public static let basic256Sha256 = MessageProtection(
        signatureAlgorithm: .hmacSHA256, digestMethod: .sha256, signatureKeyLength: 24,
        encryptionAlgorithm: .aes256CBC)
    /// Basic128Sha256: HMAC-SHA256 with a 128-bit derived key, SHA-256 digests, AES-128-CBC.
    public static let basic128Sha256 = MessageProtection(
        signatureAlgorithm: .hmacSHA256, digestMethod: .sha256, signatureKeyLength: 16,
        encryptionAlgorithm: .aes128CBC)
}
