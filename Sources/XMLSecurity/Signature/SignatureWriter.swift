import TesseraCrypto
public import XMLCore

/// Writes a `ds:Signature` in its exclusive canonical form (``CanonicalXMLWriter``), without a
/// tree: the elements ``SignatureBuilder`` builds for the same references, algorithm and `Id`.
/// Each reference's digest is the caller's, or computed here from the octets the caller
/// produced for it (what its transforms give for its target); SignedInfo is signed as written,
/// in the Exclusive C14N form a verifier computes for it anywhere in a document (XML-DSig
/// §4.4.3; xml-exc-c14n §3). The result goes into a tree as a ``VerbatimElement`` or into an
/// element another writer writes (``CanonicalXMLWriter/insert(_:at:)``).
///
/// SignedInfo is canonicalized by exclusive C14N, with a PrefixList of bindings the caller
/// names. Refuses a dereferencing transform that writes no canonical parameters and, as
/// ``SignatureBuilder`` does, RSA/ECDSA over SHA-1 unless allowed and a key that does not fit
/// the algorithm.
public struct SignatureWriter {
    /// One reference to sign.
    public struct Reference: Sendable {
        /// What the reference's DigestValue is made of.
        public enum Content: Sendable {
            /// The digest, computed before by the caller from what the transforms give for
            /// the target (a token carried unchanged in many messages).
            case digest([UInt8])
            /// The octets the transforms give for the target, digested here.
            case octets([UInt8])

            /// The octets of `target`'s exclusive C14N where it stands in its document: what
            /// the exclusive C14N transform gives for a same-document `#id` reference to it, and
            /// what ``SignatureBuilder`` digests for one.
            public static func exclusiveForm(of target: XMLElement) throws -> Content {
                .octets(try target.document.canonicalize(target, method: .exclusive))
            }
        }

        /// `#id` of a same-document element, or "" for the whole document.
        public var uri: String
        /// The `ds:Transforms` written, as ``SignatureBuilder`` writes them.
        public var transforms: SignatureBuilder.Reference.Transforms
        public var digestMethod: DigestMethod
        public var content: Content

        public init(uri: String, transforms: SignatureBuilder.Reference.Transforms = .exclusive, digestMethod: DigestMethod = .sha256, content: Content) {
            self.uri = uri
            self.transforms = transforms
            self.digestMethod = digestMethod
            self.content = content
        }
    }

    public var algorithm: SignatureAlgorithm
    /// The bindings in scope where the Signature goes whose prefixes SignedInfo's exclusive
    /// C14N renders as inclusive (its `ec:InclusiveNamespaces` PrefixList); none when empty. A
    /// verifier renders the bindings in scope there, so they must be those.
    public var signedInfoInclusiveNamespaces: [CanonicalXMLWriter.Namespace]
    /// An `Id` for the Signature element.
    public var signatureID: String?
    /// Must be set to sign with RSA/ECDSA over SHA-1; only for legacy peers that accept nothing else.
    public var _WEAK_allowSHA1PublicKeySignature = false

    public init(algorithm: SignatureAlgorithm = .rsaSHA256, signedInfoInclusiveNamespaces: [CanonicalXMLWriter.Namespace] = [], signatureID: String? = nil) {
        self.algorithm = algorithm
        self.signedInfoInclusiveNamespaces = signedInfoInclusiveNamespaces
        self.signatureID = signatureID
    }

    /// The `ds:Signature` over `references`, made with `key` (a private key, or a secret for
    /// HMAC, whose full-length code is written: no `HMACOutputLength`). `keyInfo`, when given,
    /// writes the content of a `ds:KeyInfo`.
    ///
    /// - Throws: ``XMLSecurityError`` `unsupportedAlgorithm`, `keyMismatch` or `malformed` for
    ///   what the type refuses; ``XMLError`` for a value holding a character XML does not allow.
    public func signature(
        references: [Reference], key: SigningKey, keyInfo: ((inout CanonicalXMLWriter) throws -> Void)? = nil
    ) throws -> CanonicalXMLWriter {
        var value: [UInt8] = []
        return try signature(references: references, key: key, value: &value, keyInfo: keyInfo)
    }

    /// ``signature(references:key:keyInfo:)``, handing the SignatureValue written in it to
    /// `value` too (what a SignatureConfirmation repeats, WSS 1.1 §8.5).
    public func signature(
        references: [Reference], key: SigningKey, value signatureValue: inout [UInt8], keyInfo: ((inout CanonicalXMLWriter) throws -> Void)? = nil
    ) throws -> CanonicalXMLWriter {
        guard !algorithm.isWeakPublicKeySHA1 || _WEAK_allowSHA1PublicKeySignature else {
            throw XMLSecurityError(.unsupportedAlgorithm, "signing with \(algorithm) needs _WEAK_allowSHA1PublicKeySignature")
        }
        guard !references.isEmpty else {
            throw XMLSecurityError(.malformed, "a signature needs at least one reference")
        }
        let digests = references.map { reference in
            switch reference.content {
            case .digest(let digest): digest
            case .octets(let octets): reference.digestMethod.algorithm.hash(octets)
            }
        }
        // SignedInfo alone renders the ds binding (xml-exc-c14n §3); inside the Signature, which
        // renders it, the insertion leaves it out.
        var signedInfo = CanonicalXMLWriter(capacity: 512 + 512 * references.count)
        try writeSignedInfo(references, digests: digests, to: &signedInfo)
        let value: [UInt8]
        if signedInfoInclusiveNamespaces.isEmpty {
            value = try key.signatureValue(over: signedInfo.bytes, algorithm: algorithm)
        } else {
            // Its canonical form renders the PrefixList's bindings too, which the Signature around
            // it declares where it goes.
            var canonical = CanonicalXMLWriter(inclusiveNamespaces: signedInfoInclusiveNamespaces, capacity: 512 + 512 * references.count)
            try writeSignedInfo(references, digests: digests, to: &canonical)
            value = try key.signatureValue(over: canonical.bytes, algorithm: algorithm)
        }

        var signature = CanonicalXMLWriter(capacity: 3584 + 512 * references.count)
        signature.startElement("Signature", .ds)
        try signature.attribute("Id", ifPresent: signatureID)
        signature.insert(signedInfo, at: signature.position())
        signature.element("SignatureValue", .ds, base64Of: value)
        signatureValue = value
        if let keyInfo {
            signature.startElement("KeyInfo", .ds)
            try keyInfo(&signature)
            signature.endElement()
        }
        signature.endElement()
        return signature
    }

    /// `ds:SignedInfo` with the references' `digests`, as ``SignatureBuilder`` builds it.
    private func writeSignedInfo(_ references: [Reference], digests: [[UInt8]], to writer: inout CanonicalXMLWriter) throws {
        writer.startElement("SignedInfo", .ds)
        writer.startElement("CanonicalizationMethod", .ds)
        try writer.attribute("Algorithm", CanonicalizationAlgorithm.exclusive)
        if !signedInfoInclusiveNamespaces.isEmpty {
            try Self.writePrefixList(signedInfoInclusiveNamespaces.map(\.prefix), to: &writer)
        }
        writer.endElement()
        writer.startElement("SignatureMethod", .ds)
        try writer.attribute("Algorithm", algorithm.uri)
        writer.endElement()
        for (reference, digest) in zip(references, digests) {
            writer.startElement("Reference", .ds)
            try writer.attribute("URI", reference.uri)
            try Self.writeTransforms(reference.transforms, to: &writer)
            writer.startElement("DigestMethod", .ds)
            try writer.attribute("Algorithm", reference.digestMethod.uri)
            writer.endElement()
            writer.element("DigestValue", .ds, base64Of: digest)
            writer.endElement()
        }
        writer.endElement()
    }

    /// The `ds:Transforms` ``SignatureBuilder`` writes for `transforms`: a dereferencing
    /// transform alone, with its parameters; otherwise enveloped signature, then the C14N.
    private static func writeTransforms(_ transforms: SignatureBuilder.Reference.Transforms, to writer: inout CanonicalXMLWriter) throws {
        if let dereferencing = transforms.dereferencing {
            writer.startElement("Transforms", .ds)
            writer.startElement("Transform", .ds)
            try writer.attribute("Algorithm", dereferencing.algorithm)
            try dereferencing.writeParameters(to: &writer)
            writer.endElement()
            writer.endElement()
            return
        }
        guard transforms.envelopedSignature || transforms.canonicalization != nil else { return }
        writer.startElement("Transforms", .ds)
        if transforms.envelopedSignature {
            writer.startElement("Transform", .ds)
            try writer.attribute("Algorithm", TransformChain.envelopedSignature)
            writer.endElement()
        }
        if let method = transforms.canonicalization {
            writer.startElement("Transform", .ds)
            try writer.attribute("Algorithm", CanonicalizationAlgorithm.uri(of: method))
            if case .exclusive(_, let prefixes) = method, !prefixes.isEmpty {
                try writePrefixList(prefixes, to: &writer)
            }
            writer.endElement()
        }
        writer.endElement()
    }

    private static func writePrefixList(_ prefixes: [String], to writer: inout CanonicalXMLWriter) throws {
        writer.startElement("InclusiveNamespaces", .ec)
        try writer.attribute("PrefixList", prefixes.joined(separator: " "))
        writer.endElement()
    }
}

extension CanonicalXMLWriter.Namespace {
    /// XML-DSig's namespace with its `ds` prefix.
    public static let ds = CanonicalXMLWriter.Namespace(prefix: "ds", uri: XMLSecurityNamespace.ds)
    /// Exclusive C14N's InclusiveNamespaces namespace with its `ec` prefix.
    public static let ec = CanonicalXMLWriter.Namespace(prefix: "ec", uri: XMLSecurityNamespace.excC14N)
}
