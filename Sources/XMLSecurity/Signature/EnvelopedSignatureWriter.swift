import TesseraCrypto
public import XMLCore

/// Signs an element the caller writes itself in its exclusive canonical form
/// (``CanonicalXMLWriter``), as ``SignatureBuilder`` signs it in a tree with one enveloped
/// reference: `#id`, the enveloped-signature and exclusive C14N transforms (with the
/// InclusiveNamespaces PrefixList), exclusive C14N of SignedInfo. The digest input is the
/// caller's bytes of the element without the Signature, which is what those transforms give;
/// the `ds:Signature` comes back in canonical form too (``SignatureWriter``), to be inserted
/// into the element (``CanonicalXMLWriter/insert(_:at:)``). The SAML signature profiles sign
/// assertions so (SAML 2.0 core §5.4).
public struct EnvelopedSignatureWriter {
    public var algorithm: SignatureAlgorithm
    public var digestMethod: DigestMethod
    /// The exclusive C14N transform's InclusiveNamespaces PrefixList (none when empty).
    public var inclusivePrefixes: [String]
    /// Must be set to sign with RSA/ECDSA over SHA-1; only for legacy peers that accept nothing else.
    public var _WEAK_allowSHA1PublicKeySignature = false

    public init(algorithm: SignatureAlgorithm = .rsaSHA256, digestMethod: DigestMethod = .sha256, inclusivePrefixes: [String] = []) {
        self.algorithm = algorithm
        self.digestMethod = digestMethod
        self.inclusivePrefixes = inclusivePrefixes
    }

    /// The `ds:Signature` over `octets`, the canonical form of the element `uri` (`#id`)
    /// references without its Signature, written with the PrefixList's bindings in scope.
    /// `keyInfo`, when given, writes the content of a `ds:KeyInfo`.
    public func signature(
        uri: String, octets: [UInt8], key: SigningKey, keyInfo: ((inout CanonicalXMLWriter) throws -> Void)? = nil
    ) throws -> CanonicalXMLWriter {
        var writer = SignatureWriter(algorithm: algorithm)
        writer._WEAK_allowSHA1PublicKeySignature = _WEAK_allowSHA1PublicKeySignature
        let transforms = SignatureBuilder.Reference.Transforms(
            envelopedSignature: true, canonicalization: .exclusive(withComments: false, inclusivePrefixes: inclusivePrefixes))
        return try writer.signature(
            references: [SignatureWriter.Reference(uri: uri, transforms: transforms, digestMethod: digestMethod, content: .octets(octets))],
            key: key, keyInfo: keyInfo)
    }
}
