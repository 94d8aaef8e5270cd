public import XMLCore

extension SAML2 {
    /// `<SubjectConfirmation>` (§2.4.1.1): one method by which the subject may be confirmed.
    public struct SubjectConfirmation: Hashable, Sendable {
        public var method: ConfirmationMethod
        /// The entity expected to satisfy the confirmation, when it is not the subject.
        public var nameID: NameID?
        public var data: SubjectConfirmationData?

        public init(method: ConfirmationMethod, nameID: NameID? = nil, data: SubjectConfirmationData? = nil) {
            self.method = method
            self.nameID = nameID
            self.data = data
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            method = ConfirmationMethod(rawValue: try element.requiredAttribute("Method"))
            var reader = ChildReader(element)
            try SAML2.refuseOtherIdentifiers(&reader)
            nameID = try reader.optional("NameID", SAML2.namespace).map(NameID.init(element:))
            data = try reader.optional("SubjectConfirmationData", SAML2.namespace).map(SubjectConfirmationData.init(element:))
            try reader.finish()
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            let element = parent.addChild("SubjectConfirmation", SAML2.namespace, prefix: SAML2.prefix)
            element.setAttribute("Method", value: method.rawValue)
            nameID?.write(as: "NameID", into: element)
            try data?.write(into: element)
            return element
        }
    }
}
