public import XMLCore

extension SAML2 {
    /// `<ProxyRestriction>` (§2.5.1.6): limits on the assertions a relying party may issue on
    /// the strength of this one. It binds the relying party as an asserting party only, so a
    /// validator accepting a token needs no action for it.
    public struct ProxyRestriction: Hashable, Sendable {
        /// The most levels of indirection allowed; 0 forbids issuing further assertions.
        public var count: Int?
        /// The audiences further assertions may be addressed to.
        public var audiences: [String]

        public init(count: Int? = nil, audiences: [String] = []) {
            self.count = count
            self.audiences = audiences
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            if let text = element.attribute("Count") {
                guard let value = Int(text.trimmingXMLWhitespace()), value >= 0 else {
                    throw SAMLError(.malformed, "ProxyRestriction Count is not a non-negative integer")
                }
                count = value
            } else {
                count = nil
            }
            var reader = ChildReader(element)
            audiences = try reader.all("Audience", SAML2.namespace).map { try $0.simpleText().trimmingXMLWhitespace() }
            try reader.finish()
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) -> XMLElement {
            let element = parent.addChild("ProxyRestriction", SAML2.namespace, prefix: SAML2.prefix)
            if let count { element.setAttribute("Count", value: String(count)) }
            for audience in audiences {
                element.addChild("Audience", SAML2.namespace, prefix: SAML2.prefix).setText(audience)
            }
            return element
        }
    }
}
