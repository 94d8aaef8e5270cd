public import XMLCore

extension SAML1 {
    /// `<AttributeStatement>` (sstc-saml-core-1.1 §2.4.5): attributes of its own subject.
    public struct AttributeStatement: Hashable, Sendable {
        public var subject: Subject
        /// One or more attributes.
        public var attributes: [Attribute]

        public init(subject: Subject, attributes: [Attribute]) {
            self.subject = subject
            self.attributes = attributes
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            var reader = ChildReader(element)
            subject = try Subject(element: try reader.required("Subject", SAML1.namespace))
            attributes = try reader.all("Attribute", SAML1.namespace).map(Attribute.init(element:))
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
            let element = parent.addChild("AttributeStatement", SAML1.namespace, prefix: SAML1.prefix)
            try subject.write(into: element)
            for attribute in attributes {
                try attribute.write(into: element)
            }
            return element
        }
    }
}
