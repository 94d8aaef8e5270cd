public import XMLCore

extension SAML1 {
    /// `<Attribute>` (sstc-saml-core-1.1 §2.4.5.1) with string values, written as
    /// `<AttributeValue xsi:type="xs:string">`; element content is refused when reading.
    public struct Attribute: Hashable, Sendable {
        public var name: String
        /// `AttributeNamespace`: the namespace the name is interpreted in (WS-Federation claims
        /// use `http://schemas.xmlsoap.org/ws/2005/05/identity/claims`).
        public var namespace: String
        /// One or more values.
        public var values: [String]

        public init(name: String, namespace: String, values: [String]) {
            self.name = name
            self.namespace = namespace
            self.values = values
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            name = try element.requiredAttribute("AttributeName")
            namespace = try element.requiredAttribute("AttributeNamespace")
            var reader = ChildReader(element)
            values = try reader.all("AttributeValue", SAML1.namespace).map { value in
                guard value.children.isEmpty else {
                    throw SAMLError(.unsupported, "attribute values with element content are not supported")
                }
                return value.text
            }
            try reader.finish()
            guard !values.isEmpty else {
                throw SAMLError(.malformed, "a SAML 1.1 Attribute needs an AttributeValue")
            }
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            guard !values.isEmpty else {
                throw SAMLError(.malformed, "a SAML 1.1 Attribute needs an AttributeValue")
            }
            let element = parent.addChild("Attribute", SAML1.namespace, prefix: SAML1.prefix)
            element.setAttribute("AttributeName", value: name)
            element.setAttribute("AttributeNamespace", value: namespace)
            let xsPrefix = element.prefix(forNamespace: SAMLNamespace.xs).flatMap { $0.isEmpty ? nil : $0 }
            if xsPrefix == nil {
                element.declareNamespace(prefix: "xs", uri: SAMLNamespace.xs)
            }
            for value in values {
                let valueElement = element.addChild("AttributeValue", SAML1.namespace, prefix: SAML1.prefix)
                valueElement.setAttribute("type", SAMLNamespace.xsi, prefix: "xsi", value: "\(xsPrefix ?? "xs"):string")
                valueElement.setText(value)
            }
            return element
        }
    }
}
