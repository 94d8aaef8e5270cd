import TesseraCrypto
public import XMLCore

/// Creates a `ds:Signature` in place: the element is inserted first, so that enveloped
/// references and the canonical SignedInfo see their final namespace context, then digests
/// and the SignatureValue are computed.
public struct SignatureBuilder {
    /// One reference to sign.
    public struct Reference: Sendable {
        /// `#id` of a same-document element, or "" for the whole document.
        public var uri: String
        public var transforms: Transforms
        public var digestMethod: DigestMethod
        /// The digest of what the transforms give for the target, when the caller computed it
        /// before from the same bytes (a token carried unchanged in many messages): written as
        /// it is, without dereferencing the target again, which must still exist.
        public var knownDigest: [UInt8]?

        /// The transform chains a builder can write.
        public struct Transforms: Sendable {
            public var envelopedSignature: Bool
            public var canonicalization: CanonicalizationMethod?
            /// A transform defined above XML-DSig, written as the reference's only transform
            /// (the other two are then ignored).
            public var dereferencing: (any DereferencingTransform)?

            public init(envelopedSignature: Bool = false, canonicalization: CanonicalizationMethod? = .exclusive) {
                self.envelopedSignature = envelopedSignature
                self.canonicalization = canonicalization
            }

            /// Exclusive C14N only: the WS-Security default.
            public static let exclusive = Transforms()
            /// Enveloped signature, then exclusive C14N (SAML assertions).
            public static let envelopedExclusive = Transforms(envelopedSignature: true)

            /// `transform` alone: the digest covers what it dereferences the referenced element to.
            public static func dereferencing(_ transform: any DereferencingTransform) -> Transforms {
                var transforms = Transforms(canonicalization: nil)
                transforms.dereferencing = transform
                return transforms
            }
        }

        public init(uri: String, transforms: Transforms = .exclusive, digestMethod: DigestMethod = .sha256, knownDigest: [UInt8]? = nil) {
            self.uri = uri
            self.transforms = transforms
            self.digestMethod = digestMethod
            self.knownDigest = knownDigest
        }
    }

    public var algorithm: SignatureAlgorithm
    public var canonicalization: CanonicalizationMethod
    public var references: [Reference]
    /// An `Id` for the Signature element.
    public var signatureID: String?
    /// Must be set to sign with RSA/ECDSA over SHA-1; only for legacy peers that accept nothing else.
    public var _WEAK_allowSHA1PublicKeySignature = false

    public init(
        algorithm: SignatureAlgorithm = .rsaSHA256,
        canonicalization: CanonicalizationMethod = .exclusive,
        references: [Reference],
        signatureID: String? = nil
    ) {
        self.algorithm = algorithm
        self.canonicalization = canonicalization
        self.references = references
        self.signatureID = signatureID
    }

    /// Inserts and computes a signature as a child of `parent` (before `sibling`, or last).
    /// `keyInfo`, when given, fills a `ds:KeyInfo` element. Returns the `ds:Signature`.
    @discardableResult
    public func sign(
        in parent: XMLElement,
        before sibling: XMLElement? = nil,
        key: SigningKey,
        keyInfo: ((XMLElement) throws -> Void)? = nil
    ) throws -> XMLElement {
        guard !algorithm.isWeakPublicKeySHA1 || _WEAK_allowSHA1PublicKeySignature else {
            throw XMLSecurityError(.unsupportedAlgorithm, "signing with \(algorithm) needs _WEAK_allowSHA1PublicKeySignature")
        }
        guard !references.isEmpty else {
            throw XMLSecurityError(.malformed, "a signature needs at least one reference")
        }
        let ds = XMLSecurityNamespace.ds
        let signature =
            sibling.map { parent.insertChild("Signature", ds, prefix: "ds", before: $0) }
            ?? parent.addChild("Signature", ds, prefix: "ds")
        if let signatureID { signature.setAttribute("Id", value: signatureID) }
        let index = try IDIndex(parent.document)
        let value = try key.signatureValue(over: try buildSignedInfo(in: signature, index: index), algorithm: algorithm)
        signature.addChild("SignatureValue", ds, prefix: "ds").setText(Base64.encode(value))
        if let keyInfo {
            try keyInfo(signature.addChild("KeyInfo", ds, prefix: "ds"))
        }
        return signature
    }

    /// Builds `ds:SignedInfo` into the empty `signature`, computing each reference's
    /// digest once its element is in place; returns its canonical form.
    private func buildSignedInfo(in signature: XMLElement, index: IDIndex) throws -> [UInt8] {
        let ds = XMLSecurityNamespace.ds
        let signedInfo = signature.addChild("SignedInfo", ds, prefix: "ds")
        CanonicalizationAlgorithm.write(canonicalization, into: signedInfo.addChild("CanonicalizationMethod", ds, prefix: "ds"))
        signedInfo.addChild("SignatureMethod", ds, prefix: "ds").setAttribute("Algorithm", value: algorithm.uri)
        for reference in references {
            let target = try ReferenceTarget(uri: reference.uri, index: index)
            let (element, transformElement) = writeHead(of: reference, into: signedInfo)
            let digest = try self.digest(of: reference, target: target, transform: transformElement, signature: signature, index: index)
            element.addChild("DigestMethod", ds, prefix: "ds").setAttribute("Algorithm", value: reference.digestMethod.uri)
            element.addChild("DigestValue", ds, prefix: "ds").setText(Base64.encode(digest))
        }
        return try signature.document.canonicalize(signedInfo, method: canonicalization)
    }

    /// The digest `reference` carries: its known digest, or that of what its transforms give
    /// for `target`.
    private func digest(of reference: Reference, target: ReferenceTarget, transform: XMLElement?, signature: XMLElement, index: IDIndex) throws
        -> [UInt8]
    {
        if let knownDigest = reference.knownDigest {
            guard target.element != nil else {
                throw XMLSecurityError(.unsupportedReference, "a known digest needs a reference to one element")
            }
            return knownDigest
        }
        return reference.digestMethod.algorithm.hash(try octets(of: reference, target: target, transform: transform, signature: signature, index: index))
    }

    /// What `reference`'s transforms give for `target`: the digest input.
    private func octets(of reference: Reference, target: ReferenceTarget, transform transformElement: XMLElement?, signature: XMLElement, index: IDIndex) throws
        -> [UInt8]
    {
        if let dereferencing = reference.transforms.dereferencing, let transformElement {
            guard let referenced = target.element else {
                throw XMLSecurityError(.unsupportedReference, "the transform \(dereferencing.algorithm) needs a reference to one element")
            }
            return try dereferencing.dereference(referenced, transform: transformElement, signature: signature, index: index).octets
        }
        let chain = TransformChain(
            enveloped: reference.transforms.envelopedSignature,
            canonicalization: reference.transforms.canonicalization)
        return try chain.octets(of: target, signature: signature)
    }

    /// Writes a `ds:Reference` up to its Transforms (DigestMethod and DigestValue follow once
    /// the digest is known); returns it and the dereferencing `ds:Transform`, if any, whose
    /// parameters the transform reads back.
    private func writeHead(of reference: Reference, into signedInfo: XMLElement) -> (XMLElement, XMLElement?) {
        let ds = XMLSecurityNamespace.ds
        let element = signedInfo.addChild("Reference", ds, prefix: "ds")
        element.setAttribute("URI", value: reference.uri)
        let transforms = reference.transforms
        if let dereferencing = transforms.dereferencing {
            let transform = element.addChild("Transforms", ds, prefix: "ds").addChild("Transform", ds, prefix: "ds")
            transform.setAttribute("Algorithm", value: dereferencing.algorithm)
            dereferencing.writeParameters(into: transform)
            return (element, transform)
        }
        if transforms.envelopedSignature || transforms.canonicalization != nil {
            let list = element.addChild("Transforms", ds, prefix: "ds")
            if transforms.envelopedSignature {
                list.addChild("Transform", ds, prefix: "ds").setAttribute("Algorithm", value: TransformChain.envelopedSignature)
            }
            if let method = transforms.canonicalization {
                CanonicalizationAlgorithm.write(method, into: list.addChild("Transform", ds, prefix: "ds"))
            }
        }
        return (element, nil)
    }
}
