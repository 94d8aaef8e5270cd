public import XMLCore

extension SAML2 {
    /// `<Subject>` (§2.4.1): the principal the statements are about, and how a relying party
    /// may confirm that the presenter is entitled to use the assertion.
    public struct Subject: Hashable, Sendable {
        /// The subject's identifier (BaseID and EncryptedID are refused when reading).
        public var nameID: NameID?
        /// The ways the subject may be confirmed; any one that succeeds suffices (§2.4.1.1).
        public var confirmations: [SubjectConfirmation]

        public init(nameID: NameID?, confirmations: [SubjectConfirmation] = []) {
            self.nameID = nameID
            self.confirmations = confirmations
        }

        /// Reads a `saml2:Subject`; it must name the subject or carry a confirmation.
        public init(element: XMLElement) throws {
            var reader = ChildReader(element)
            try SAML2.refuseOtherIdentifiers(&reader)
            nameID = try reader.optional("NameID", SAML2.namespace).map(NameID.init(element:))
            confirmations = try reader.all("SubjectConfirmation", SAML2.namespace).map(SubjectConfirmation.init(element:))
            try reader.finish()
            guard nameID != nil || !confirmations.isEmpty else {
                throw SAMLError(.malformed, "a Subject needs a NameID or a SubjectConfirmation")
            }
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            let element = parent.addChild("Subject", SAML2.namespace, prefix: SAML2.prefix)
            nameID?.write(as: "NameID", into: element)
            for confirmation in confirmations {
                try confirmation.write(into: element)
            }
            return element
        }
    }
}
