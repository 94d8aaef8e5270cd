public import XMLCore

extension SAML2 {
    /// `<AudienceRestriction>` (§2.5.1.4): the assertion is addressed to these audiences (URIs);
    /// a relying party outside all of them must treat it as invalid.
    public struct AudienceRestriction: Hashable, Sendable {
        /// One or more `<Audience>` URIs.
        public var audiences: [String]

        public init(_ audiences: [String]) {
            self.audiences = audiences
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            var reader = ChildReader(element)
            audiences = try reader.all("Audience", SAML2.namespace).map { try $0.simpleText().trimmingXMLWhitespace() }
            try reader.finish()
            guard !audiences.isEmpty else {
                throw SAMLError(.malformed, "an AudienceRestriction needs an Audience")
            }
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            guard !audiences.isEmpty else {
                throw SAMLError(.malformed, "an AudienceRestriction needs an Audience")
            }
            let element = parent.addChild("AudienceRestriction", SAML2.namespace, prefix: SAML2.prefix)
            for audience in audiences {
                element.addChild("Audience", SAML2.namespace, prefix: SAML2.prefix).setText(audience)
            }
            return element
        }
    }
}
