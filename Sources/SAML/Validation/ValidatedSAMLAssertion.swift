public import X509
public import XMLCore
public import XMLSecurity

/// An assertion that passed ``SAMLAssertionValidator``: signed by a trusted certificate over
/// exactly ``element``, current, and accepted by every policy. Everything here was read from
/// the signed element.
public struct ValidatedSAMLAssertion {
    /// The model read from ``element``.
    public let assertion: SAMLAssertion
    /// What the policies judged.
    public let facts: SAMLAssertionFacts
    /// The assertion element the signature covers.
    public let element: XMLElement
    /// The verified signature (its single reference resolves to ``element``).
    public let signature: VerifiedSignature

    /// The certificate that signed.
    public var signer: Certificate { facts.signer }
}
