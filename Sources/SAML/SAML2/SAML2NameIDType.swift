public import XMLCore

extension SAML2 {
    /// `NameIDType` (§2.2.2): a string identifier with optional qualifiers and format. It is the
    /// type of `<NameID>` (§2.2.3) and `<Issuer>` (§2.2.5), hence the two aliases.
    public struct NameIDType: Hashable, Sendable {
        /// The identifier.
        public var value: String
        /// `Format`; absent means unspecified.
        public var format: SAMLNameIDFormat?
        /// `NameQualifier`: the security domain that qualifies the name ("STS" in the
        /// token-transformation scenario).
        public var nameQualifier: String?
        /// `SPNameQualifier`: the service provider that further qualifies it.
        public var spNameQualifier: String?
        /// `SPProvidedID`: an alternative identifier set by a service provider.
        public var spProvidedID: String?

        public init(
            _ value: String, format: SAMLNameIDFormat? = nil, nameQualifier: String? = nil,
            spNameQualifier: String? = nil, spProvidedID: String? = nil
        ) {
            self.value = value
            self.format = format
            self.nameQualifier = nameQualifier
            self.spNameQualifier = spNameQualifier
            self.spProvidedID = spProvidedID
        }

        /// Reads a `saml2:NameID` or `saml2:Issuer` (any element of NameIDType).
        public init(element: XMLElement) throws {
            value = try element.simpleText().trimmingXMLWhitespace()
            guard !value.isEmpty else {
                throw SAMLError(.malformed, "\(element.localName) is empty")
            }
            format = element.attribute("Format").map(SAMLNameIDFormat.init(rawValue:))
            nameQualifier = element.attribute("NameQualifier")
            spNameQualifier = element.attribute("SPNameQualifier")
            spProvidedID = element.attribute("SPProvidedID")
        }

        /// Writes the identifier as a `saml2:<localName>` child of `parent`.
        @discardableResult
        public func write(as localName: String, into parent: XMLElement) -> XMLElement {
            let element = parent.addChild(localName, SAML2.namespace, prefix: SAML2.prefix)
            element.setAttribute("NameQualifier", ifPresent: nameQualifier)
            element.setAttribute("SPNameQualifier", ifPresent: spNameQualifier)
            element.setAttribute("Format", ifPresent: format?.rawValue)
            element.setAttribute("SPProvidedID", ifPresent: spProvidedID)
            element.setText(value)
            return element
        }
    }

    /// `<NameID>` (§2.2.3).
    public typealias NameID = NameIDType
    /// `<Issuer>` (§2.2.5): the SAML authority making the claims, usually in the `entity` format.
    public typealias Issuer = NameIDType
}

extension SAML2 {
    /// Refuses the identifier forms this library does not process (§2.2.1 BaseID, §2.2.4
    /// EncryptedID) where a NameID may stand.
    static func refuseOtherIdentifiers(_ reader: inout ChildReader) throws {
        if let other = reader.peek, other.is("BaseID", namespace) || other.is("EncryptedID", namespace) {
            throw SAMLError(.unsupported, "\(other.localName) identifiers are not supported")
        }
    }
}
