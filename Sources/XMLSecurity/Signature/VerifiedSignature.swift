public import XMLCore

/// What a verified signature actually covers: the element each reference resolved to and the
/// key that signed. Callers check this against the elements they use (signature-wrapping
/// defence); nothing outside these subtrees is protected.
public struct VerifiedSignature {
    /// The `ds:Signature` element.
    public let element: XMLElement
    public let algorithm: SignatureAlgorithm
    /// The key that verified.
    public let key: VerificationKey
    /// The raw SignatureValue (WSS 1.1 SignatureConfirmation echoes it). Not an identifier of
    /// the message: anyone holding one valid value can make others over the same SignedInfo
    /// (an ECDSA `(r, s)` verifies as `(r, n − s)` too).
    public let signatureValue: [UInt8]
    /// SHA-256 of the canonical SignedInfo: what the signature value signs (XML-DSig §3.2.2),
    /// the same for every valid signature value over it. The identifier to detect a replayed
    /// signature with.
    public let signedInfoDigest: [UInt8]
    /// The `ds:KeyInfo` element, if any.
    public let keyInfo: XMLElement?
    public let references: [VerifiedReference]

    /// Whether `element` lies inside a subtree this signature's digests cover: an element of
    /// this signature's document, under a reference's target and not inside a `ds:Signature`
    /// that the reference's enveloped-signature transform left out.
    public func covers(_ element: XMLElement) -> Bool {
        guard element.document === self.element.document else { return false }
        let insideThisSignature = element.isDescendant(of: self.element)
        return references.contains { reference in
            if reference.envelopedSignatureExcluded, insideThisSignature { return false }
            switch reference.target {
            case .wholeDocument: return true
            case .element(let signed): return element.isDescendant(of: signed)
            }
        }
    }

    /// The elements referenced directly, in reference order.
    public var signedElements: [XMLElement] {
        references.compactMap { if case .element(let element) = $0.target { element } else { nil } }
    }
}

/// One verified `ds:Reference`.
public struct VerifiedReference {
    /// What the reference resolved to.
    public enum Target {
        case wholeDocument
        case element(XMLElement)
    }

    public let uri: String
    public let target: Target
    public let digestMethod: DigestMethod
    /// Whether the enveloped-signature transform removed the signature from the digested content.
    public let envelopedSignatureExcluded: Bool
    /// How a ``DereferencingTransform`` led from the element the URI selected to ``target``;
    /// nil for a reference that covers what its URI selected.
    public let dereference: Dereference?

    /// A reference resolved through a ``DereferencingTransform``.
    public struct Dereference {
        /// The transform's `Algorithm` URI.
        public let algorithm: String
        /// The element the reference's URI selected (a `wsse:SecurityTokenReference` for the
        /// STR Dereference Transform). Not covered by the digest itself.
        public let referencedElement: XMLElement
    }
}
