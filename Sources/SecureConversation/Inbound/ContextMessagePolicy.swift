public import XMLSecurity

/// What a message secured with a context must show (the application policy, kept apart from the
/// bootstrap policy that guards establishment): a fresh Timestamp, and the Body, the Timestamp
/// and every WS-Addressing header signed with a key of one context — derived from it, unless
/// ``requireDerivedKeys`` is off — and the Body's content encrypted, each with the algorithms
/// of the algorithm suite in use (WS-SecurityPolicy 1.2 §6.1), not with any the verifier knows.
public struct ContextMessagePolicy: Hashable, Sendable {
    /// The Body's content must arrive encrypted (Renew is encrypted whatever this says).
    public var requireEncryptedBody = true
    /// Every WS-Addressing header present must be signed with the context's key.
    public var requireSignedAddressingHeaders = true
    /// Refuse signatures made with the context's secret itself rather than a DerivedKeyToken.
    public var requireDerivedKeys = true
    /// Accepted SignatureMethods. nil (the default): the suite's HMAC only
    /// (``MessageProtection/signatureAlgorithm``).
    public var allowedSignatureAlgorithms: Set<SignatureAlgorithm>?
    /// Accepted Body encryption algorithms. nil (the default): the suite's AES key length, in
    /// its CBC mode or in GCM (XML-Enc 1.1 §5.2.4), which replies prefer.
    public var allowedEncryptionAlgorithms: Set<BlockEncryptionAlgorithm>?
    /// Whether other keys may sign the Body beside the context's (an Amend's claims, WS-SC 1.3
    /// §7); the context's key must still be the only context key that did.
    var allowsEndorsingSignatures = false

    public init() {}

    /// The SignatureMethods accepted when the suite in use is `suite`.
    func signatureAlgorithms(for suite: MessageProtection) -> Set<SignatureAlgorithm> {
        allowedSignatureAlgorithms ?? [suite.signatureAlgorithm]
    }

    /// The Body encryption algorithms accepted when the suite in use is `suite`.
    func encryptionAlgorithms(for suite: MessageProtection) -> Set<BlockEncryptionAlgorithm> {
        allowedEncryptionAlgorithms ?? [suite.encryptionAlgorithm, suite.encryptionAlgorithm.sameKeyLength(in: .gcm)]
    }
}
