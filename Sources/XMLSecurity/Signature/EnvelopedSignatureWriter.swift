import TesseraCrypto
public import XMLCore

/// Signs an element the caller writes itself in its exclusive canonical form
/// (``CanonicalXMLWriter``), as ``SignatureBuilder`` signs it in a tree with one enveloped
/// reference: `#id`, the enveloped-signature and exclusive C14N transforms (with the
/// InclusiveNamespaces PrefixList), exclusive C14N of SignedInfo. The digest input is the
/// caller's bytes of the element without the Signature, which is what those transforms give;
/// the `ds:Signature` comes back in canonical form too, to be inserted into the element
/// (``CanonicalXMLWriter/insert(_:at:)``). The SAML signature profiles sign assertions so
/// (SAML 2.0 core §5.4).
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
        guard !algorithm.isWeakPublicKeySHA1 || _WEAK_allowSHA1PublicKeySignature else {
            throw XMLSecurityError(.unsupportedAlgorithm, "signing with \(algorithm) needs _WEAK_allowSHA1PublicKeySignature")
        }
        let digest = Base64.encode(digestMethod.algorithm.hash(octets))
        // SignedInfo alone renders the ds binding (xml-exc-c14n §3); inside the Signature, which
        // renders it, the insertion leaves it out.
        var signedInfo = CanonicalXMLWriter(capacity: 1024)
        try writeSignedInfo(uri: uri, digest: digest, to: &signedInfo)
        let value = try signatureValue(over: signedInfo.bytes, key: key)

        var signature = CanonicalXMLWriter(capacity: 4096)
        signature.startElement("Signature", .ds)
        signature.insert(signedInfo, at: signature.position())
        try signature.element("SignatureValue", .ds, text: Base64.encode(value))
        if let keyInfo {
            signature.startElement("KeyInfo", .ds)
            try keyInfo(&signature)
            signature.endElement()
        }
        signature.endElement()
        return signature
    }

    private func writeSignedInfo(uri: String, digest: String, to writer: inout CanonicalXMLWriter) throws {
        writer.startElement("SignedInfo", .ds)
        writer.startElement("CanonicalizationMethod", .ds)
        try writer.attribute("Algorithm", CanonicalizationAlgorithm.exclusive)
        writer.endElement()
        writer.startElement("SignatureMethod", .ds)
        try writer.attribute("Algorithm", algorithm.uri)
        writer.endElement()
        writer.startElement("Reference", .ds)
        try writer.attribute("URI", uri)
        writer.startElement("Transforms", .ds)
        writer.startElement("Transform", .ds)
        try writer.attribute("Algorithm", TransformChain.envelopedSignature)
        writer.endElement()
        writer.startElement("Transform", .ds)
        try writer.attribute("Algorithm", CanonicalizationAlgorithm.exclusive)
        if !inclusivePrefixes.isEmpty {
            writer.startElement("InclusiveNamespaces", .ec)
            try writer.attribute("PrefixList", inclusivePrefixes.joined(separator: " "))
            writer.endElement()
        }
        writer.endElement()
        writer.endElement()
        writer.startElement("DigestMethod", .ds)
        try writer.attribute("Algorithm", digestMethod.uri)
        writer.endElement()
        try writer.element("DigestValue", .ds, text: digest)
        writer.endElement()
        writer.endElement()
    }

    /// SignatureValue with a private key (XML-DSig §6.4); HMAC keys sign through ``SignatureBuilder``.
    private func signatureValue(over signedInfo: [UInt8], key: SigningKey) throws -> [UInt8] {
        guard case .privateKey(let privateKey) = key else {
            throw XMLSecurityError(.keyMismatch, "an enveloped signature written in canonical form needs a private key")
        }
        switch (algorithm.family, privateKey.keyType) {
        case (.rsaPKCS1v15, .rsa), (.rsaPSS, .rsa):
            return try privateKey.signRSA(signedInfo, digest: algorithm.digest, padding: algorithm.family == .rsaPSS ? .pss : .pkcs1v15)
        case (.ecdsa, .ec):
            return try privateKey.signECDSA(signedInfo, digest: algorithm.digest)
        default:
            throw XMLSecurityError(.keyMismatch, "the key does not fit \(algorithm)")
        }
    }
}

extension CanonicalXMLWriter.Namespace {
    /// XML-DSig's namespace with its `ds` prefix.
    public static let ds = CanonicalXMLWriter.Namespace(prefix: "ds", uri: XMLSecurityNamespace.ds)
    /// Exclusive C14N's InclusiveNamespaces namespace with its `ec` prefix.
    public static let ec = CanonicalXMLWriter.Namespace(prefix: "ec", uri: XMLSecurityNamespace.excC14N)
}
