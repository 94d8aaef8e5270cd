public import XMLCore

extension SAML1 {
    /// `<NameIdentifier>` (sstc-saml-core-1.1 §2.4.2.2).
    public struct NameIdentifier: Hashable, Sendable {
        public var value: String
        /// The security domain that qualifies the name.
        public var nameQualifier: String?
        /// `Format` (the `urn:oasis:names:tc:SAML:1.1:nameid-format:` URIs of §7.3).
        public var format: SAMLNameIDFormat?

        public init(_ value: String, nameQualifier: String? = nil, format: SAMLNameIDFormat? = nil) {
            self.value = value
            self.nameQualifier = nameQualifier
            self.format = format
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            value = try element.simpleText().trimmingXMLWhitespace()
            guard !value.isEmpty else { throw SAMLError(.malformed, "NameIdentifier is empty") }
            nameQualifier = element.attribute("NameQualifier")
            format = element.attribute("Format").map(SAMLNameIDFormat.init(rawValue:))
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) -> XMLElement {
            let element = parent.addChild("NameIdentifier", SAML1.namespace, prefix: SAML1.prefix)
            element.setAttribute("NameQualifier", ifPresent: nameQualifier)
            element.setAttribute("Format", ifPresent: format?.rawValue)
            element.setText(value)
            return element
        }
    }
}
