public import XMLCore

extension SAML2 {
    /// `<AttributeStatement>` (§2.7.3): attributes of the subject. `<EncryptedAttribute>` is
    /// refused when reading.
    public struct AttributeStatement: Hashable, Sendable {
        /// One or more attributes.
        public var attributes: [Attribute]

        public init(_ attributes: [Attribute]) {
            self.attributes = attributes
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            var reader = ChildReader(element)
            attributes = try reader.all("Attribute", SAML2.namespace).map(Attribute.init(element:))
            if reader.peek?.is("EncryptedAttribute", SAML2.namespace) == true {
                throw SAMLError(.unsupported, "EncryptedAttribute is not supported")
            }
            try reader.finish()
            guard !attributes.isEmpty else {
                throw SAMLError(.malformed, "an AttributeStatement needs an Attribute")
            }
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            guard !attributes.isEmpty else {
                throw SAMLError(.malformed, "an AttributeStatement needs an Attribute")
            }
            let element = parent.addChild("AttributeStatement", SAML2.namespace, prefix: SAML2.prefix)
            for attribute in attributes {
                attribute.write(into: element)
            }
            return element
        }
    }
}
