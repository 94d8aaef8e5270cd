public import XMLCore

/// A transform defined by a layer above XML-DSig (XML-DSig §6.6 leaves transforms open) that
/// replaces the element a reference selects by another element of the same document and
/// digests that element: WSS 1.1 SOAP Message Security §8.3's STR Dereference Transform is the
/// one in use.
///
/// ``SignatureVerifier`` and ``SignatureBuilder`` know no such transform by themselves: a caller
/// registers the ones its context defines, and each is accepted only as the only transform of
/// its reference, selecting one element by `#id`. The verified reference then reports the
/// element the transform dereferenced to as what it covers (``VerifiedReference/target``), and
/// the element the URI selected as ``VerifiedReference/dereference``.
public protocol DereferencingTransform: Sendable {
    /// The `Algorithm` URI of the `ds:Transform`.
    var algorithm: String { get }

    /// Writes the transform's parameters into `transform`, a `ds:Transform` element carrying
    /// ``algorithm`` already (signing).
    func writeParameters(into transform: XMLElement)

    /// Writes the same parameters into `writer`, inside the `ds:Transform` it has open
    /// (``SignatureWriter``).
    func writeParameters(to writer: inout CanonicalXMLWriter) throws

    /// Dereferences `referenced`, the element the reference's URI selected for `signature`,
    /// with the parameters of `transform` (the `ds:Transform` element). Returns the element the
    /// reference covers and the octets to digest; throws to refuse the reference.
    func dereference(_ referenced: XMLElement, transform: XMLElement, signature: XMLElement, index: IDIndex) throws -> DereferencedContent
}

extension DereferencingTransform {
    /// Refuses: a transform writes its parameters in canonical form only when it says how.
    public func writeParameters(to writer: inout CanonicalXMLWriter) throws {
        throw XMLSecurityError(.unsupportedTransform, "the transform \(algorithm) is written only in a tree")
    }
}

/// What a ``DereferencingTransform`` resolved a reference to.
public struct DereferencedContent {
    /// The element the reference covers.
    public let element: XMLElement
    /// The octets its digest is computed over.
    public let octets: [UInt8]

    public init(element: XMLElement, octets: [UInt8]) {
        self.element = element
        self.octets = octets
    }
}
