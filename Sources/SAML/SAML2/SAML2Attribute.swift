public import XMLCore

extension SAML2 {
    /// `<Attribute>` (§2.7.3.1) with string values. Values are written as
    /// `<AttributeValue xsi:type="xs:string">`; reading takes the text of each value whatever
    /// its declared simple type, treats `xsi:nil` as empty and refuses element content.
    public struct Attribute: Hashable, Sendable {
        public var name: String
        public var nameFormat: AttributeNameFormat?
        public var friendlyName: String?
        public var values: [String]

        public init(name: String, nameFormat: AttributeNameFormat? = nil, friendlyName: String? = nil, values: [String]) {
            self.name = name
            self.nameFormat = nameFormat
            self.friendlyName = friendlyName
            self.values = values
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            name = try element.requiredAttribute("Name")
            nameFormat = element.attribute("NameFormat").map(AttributeNameFormat.init(rawValue:))
            friendlyName = element.attribute("FriendlyName")
            var reader = ChildReader(element)
            values = try reader.all("AttributeValue", SAML2.namespace).map { value in
                guard value.children.isEmpty else {
                    throw SAMLError(.unsupported, "attribute values with element content are not supported")
                }
                return value.text
            }
            try reader.finish()
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) -> XMLElement {
            let ns = SAML2.namespace, prefix = SAML2.prefix
            let element = parent.addChild("Attribute", ns, prefix: prefix)
            element.setAttribute("Name", value: name)
            element.setAttribute("NameFormat", ifPresent: nameFormat?.rawValue)
            element.setAttribute("FriendlyName", ifPresent: friendlyName)
            let xsPrefix = element.prefix(forNamespace: SAMLNamespace.xs).flatMap { $0.isEmpty ? nil : $0 }
            if xsPrefix == nil, !values.isEmpty {
                element.declareNamespace(prefix: "xs", uri: SAMLNamespace.xs)
            }
            for value in values {
                let valueElement = element.addChild("AttributeValue", ns, prefix: prefix)
                valueElement.setAttribute("type", SAMLNamespace.xsi, prefix: "xsi", value: "\(xsPrefix ?? "xs"):string")
                valueElement.setText(value)
            }
            return element
        }
    }

    /// An attribute `NameFormat` URI (§8.2). Unknown formats are kept as they are.
    public struct AttributeNameFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// `urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified` (§8.2.1)
        public static let unspecified = Self(rawValue: "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified")
        /// `urn:oasis:names:tc:SAML:2.0:attrname-format:uri` (§8.2.2): the name is a URI, as WS-Federation claims are.
        public static let uri = Self(rawValue: "urn:oasis:names:tc:SAML:2.0:attrname-format:uri")
        /// `urn:oasis:names:tc:SAML:2.0:attrname-format:basic` (§8.2.3)
        public static let basic = Self(rawValue: "urn:oasis:names:tc:SAML:2.0:attrname-format:basic")

        public var description: String { rawValue }
    }
}
