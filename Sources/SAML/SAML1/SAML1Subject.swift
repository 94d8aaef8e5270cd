public import XMLCore

extension SAML1 {
    /// `<Subject>` (sstc-saml-core-1.1 §2.4.2.1): a name identifier, a confirmation, or both.
    /// In SAML 1.1 every subject statement carries its own subject.
    public struct Subject: Hashable, Sendable {
        public var nameIdentifier: NameIdentifier?
        public var confirmation: SubjectConfirmation?

        public init(nameIdentifier: NameIdentifier?, confirmation: SubjectConfirmation? = nil) {
            self.nameIdentifier = nameIdentifier
            self.confirmation = confirmation
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            var reader = ChildReader(element)
            nameIdentifier = try reader.optional("NameIdentifier", SAML1.namespace).map(NameIdentifier.init(element:))
            confirmation = try reader.optional("SubjectConfirmation", SAML1.namespace).map(SubjectConfirmation.init(element:))
            try reader.finish()
            guard nameIdentifier != nil || confirmation != nil else {
                throw SAMLError(.malformed, "a Subject needs a NameIdentifier or a SubjectConfirmation")
            }
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            guard nameIdentifier != nil || confirmation != nil else {
                throw SAMLError(.malformed, "a Subject needs a NameIdentifier or a SubjectConfirmation")
            }
            let element = parent.addChild("Subject", SAML1.namespace, prefix: SAML1.prefix)
            nameIdentifier?.write(into: element)
            try confirmation?.write(into: element)
            return element
        }
    }
}
