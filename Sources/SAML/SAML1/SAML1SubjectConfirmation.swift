public import XMLCore
import XMLSecurity

extension SAML1 {
    /// `<SubjectConfirmation>` (sstc-saml-core-1.1 §2.4.2.3): one or more methods, optional
    /// `<SubjectConfirmationData>` (open content, accepted when reading but not kept) and, for
    /// holder-of-key, a `ds:KeyInfo` naming the key to prove.
    public struct SubjectConfirmation: Hashable, Sendable {
        /// One or more `<ConfirmationMethod>`s.
        public var methods: [ConfirmationMethod]
        /// The holder-of-key proof key.
        public var key: SAMLConfirmationKey?

        public init(methods: [ConfirmationMethod], key: SAMLConfirmationKey? = nil) {
            self.methods = methods
            self.key = key
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            var reader = ChildReader(element)
            methods = try reader.all("ConfirmationMethod", SAML1.namespace).map {
                ConfirmationMethod(rawValue: try $0.simpleText().trimmingXMLWhitespace())
            }
            guard !methods.isEmpty else {
                throw SAMLError(.malformed, "a SubjectConfirmation needs a ConfirmationMethod")
            }
            _ = reader.optional("SubjectConfirmationData", SAML1.namespace)
            key = try reader.optional("KeyInfo", XMLSecurityNamespace.ds).map(SAMLConfirmationKey.init(keyInfo:))
            try reader.finish()
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            guard !methods.isEmpty else {
                throw SAMLError(.malformed, "a SubjectConfirmation needs a ConfirmationMethod")
            }
            let element = parent.addChild("SubjectConfirmation", SAML1.namespace, prefix: SAML1.prefix)
            for method in methods {
                element.addChild("ConfirmationMethod", SAML1.namespace, prefix: SAML1.prefix).setText(method.rawValue)
            }
            try key?.write(into: element)
            return element
        }
    }
}
