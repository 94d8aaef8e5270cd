import XMLCore
public import XMLSecurity

/// A SAML assertion a sender carries unchanged in many messages (an attesting entity forwarding
/// a cached sender-vouches assertion), with the digests its signing references need computed
/// once, when it is prepared, instead of for every message.
///
/// Both forms a reference can take are prepared: exclusive C14N of the assertion (a direct
/// `#ID` reference) and the STR Dereference Transform's form (WSS 1.1 §8.3), which renders the
/// default namespace in scope at the assertion. Exclusive C14N of a subtree depends on its
/// context only through that default namespace, so a builder uses a prepared digest only where
/// the assertion's default namespace is the one it had when prepared, and computes it in place
/// otherwise.
///
/// Where the assertion keeps its meaning in the header (``VerbatimElement/keepsItsMeaning(under:)``),
/// a builder puts its bytes into the message verbatim, without parsing or copying them: the
/// digests prepared from those bytes are then the digests of what is sent.
public struct PreparedSAMLAssertion: Sendable {
    /// The serialized assertion, exactly as it goes into the header.
    public let bytes: [UInt8]
    /// The assertion's own bytes, to write into a message as they are; nil when `bytes` hold
    /// more than the assertion, whitespace and an XML 1.0 UTF-8 declaration (a comment beside
    /// it, another encoding), and the assertion goes in as a parsed copy.
    let verbatim: VerbatimElement?
    let digestMethod: DigestMethod
    /// The default namespace in scope at the assertion when it was prepared.
    let defaultNamespace: String?
    let exclusiveDigest: [UInt8]
    let dereferencedDigest: [UInt8]

    /// Parses `bytes` as a document whose root is the assertion and digests its two forms.
    ///
    /// - Throws: ``WSSecurityError`` when `bytes` is not a SAML assertion.
    public init(bytes: [UInt8], digestMethod: DigestMethod = .sha256) throws {
        let assertion: HeaderSAMLAssertion
        do {
            assertion = try HeaderSAMLAssertion(element: try XMLDocument(parsing: bytes).root)
        } catch {
            throw WSSecurityError(error)
        }
        verbatim = try? VerbatimElement(bytes: bytes)
        let element = assertion.element
        self.bytes = bytes
        self.digestMethod = digestMethod
        defaultNamespace = element.namespaceURI(forPrefix: nil)
        exclusiveDigest = digestMethod.algorithm.hash(try element.document.canonicalize(element, method: .exclusive))
        dereferencedDigest = digestMethod.algorithm.hash(try STRDereferenceTransform.canonicalForm(of: element))
    }

    /// The prepared digest for `element`, a copy of this assertion in a message, referenced
    /// through the STR Dereference Transform or directly; nil when it cannot be used there.
    func digest(at element: XMLElement, method: DigestMethod, dereferenced: Bool) -> [UInt8]? {
        guard method == digestMethod, element.namespaceURI(forPrefix: nil) == defaultNamespace else { return nil }
        return dereferenced ? dereferencedDigest : exclusiveDigest
    }

    /// The prepared digest for the assertion placed verbatim where it keeps its meaning.
    func verbatimDigest(dereferenced: Bool) -> [UInt8] {
        dereferenced ? dereferencedDigest : exclusiveDigest
    }
}
