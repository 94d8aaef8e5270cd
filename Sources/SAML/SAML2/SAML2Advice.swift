public import XMLCore

extension SAML2 {
    /// `<Advice>` (§2.6.1): additional information the issuer offers, which a relying party may
    /// ignore. Its content is not modelled: reading accepts any content, writing produces an
    /// empty element.
    public struct Advice: Hashable, Sendable {
        public init() {}

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {}

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) -> XMLElement {
            parent.addChild("Advice", SAML2.namespace, prefix: SAML2.prefix)
        }
    }
}
