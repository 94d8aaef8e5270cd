import XMLSecurity

/// What a message secured with a context must show (the application policy, kept apart from the
/// bootstrap policy that guards establishment): a fresh Timestamp, and the Body, the Timestamp
/// and every WS-Addressing header signed with a key of one context — derived from it, unless
/// ``requireDerivedKeys`` is off — and the Body's content encrypted.
public struct ContextMessagePolicy: Hashable, Sendable {
    /// The Body's content must arrive encrypted (Renew is encrypted whatever this says).
    public var requireEncryptedBody = true
    /// Every WS-Addressing header present must be signed with the context's key.
    public var requireSignedAddressingHeaders = true
    /// Refuse signatures made with the context's secret itself rather than a DerivedKeyToken.
    public var requireDerivedKeys = true
    /// Accepted SignatureMethods: HMACs only (a context key is symmetric).
    public var allowedSignatureAlgorithms: Set<SignatureAlgorithm> = [.hmacSHA1, .hmacSHA224, .hmacSHA256, .hmacSHA384, .hmacSHA512]

    public init() {}
}
