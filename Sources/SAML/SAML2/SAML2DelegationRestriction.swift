public import Foundation
public import XMLCore

extension SAML2 {
    /// The delegation chain of an assertion issued for ActAs or OnBehalfOf: a `<Condition>` of
    /// `xsi:type="del:DelegationRestrictionType"` (SAML V2.0 Condition for Delegation
    /// Restriction, sstc-saml-delegation §2, namespace `urn:oasis:names:tc:SAML:2.0:conditions:delegation`).
    /// The subject is the principal; each ``Delegate`` is an intermediary acting for it, the
    /// most recent last.
    public struct DelegationRestriction: Hashable, Sendable {
        static let xsiType = QName(SAMLNamespace.delegation, "DelegationRestrictionType")

        /// One or more delegates, in the order delegation happened.
        public var delegates: [Delegate]

        public init(_ delegates: [Delegate]) {
            self.delegates = delegates
        }

        /// Reads the `saml2:Condition` element.
        public init(element: XMLElement) throws {
            var reader = ChildReader(element)
            delegates = try reader.all("Delegate", SAMLNamespace.delegation).map(Delegate.init(element:))
            try reader.finish()
            guard !delegates.isEmpty else {
                throw SAMLError(.malformed, "a DelegationRestriction needs a Delegate")
            }
        }

        /// Writes `<saml2:Condition xsi:type="del:DelegationRestrictionType">`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            guard !delegates.isEmpty else {
                throw SAMLError(.malformed, "a DelegationRestriction needs a Delegate")
            }
            let element = parent.addChild("Condition", SAML2.namespace, prefix: SAML2.prefix)
            if element.namespaceURI(forPrefix: "del") != SAMLNamespace.delegation {
                element.declareNamespace(prefix: "del", uri: SAMLNamespace.delegation)
            }
            element.setAttribute("type", SAMLNamespace.xsi, prefix: "xsi", value: "del:DelegationRestrictionType")
            for delegate in delegates {
                delegate.write(into: element)
            }
            return element
        }
    }

    /// `<del:Delegate>` (sstc-saml-delegation §2): an entity acting on the subject's behalf.
    public struct Delegate: Hashable, Sendable {
        /// Who acted (BaseID and EncryptedID are refused when reading).
        public var nameID: NameID
        /// When the delegate acted.
        public var delegationInstant: Date?
        /// How the delegate was confirmed by the issuer.
        public var confirmationMethod: ConfirmationMethod?

        public init(nameID: NameID, delegationInstant: Date? = nil, confirmationMethod: ConfirmationMethod? = nil) {
            self.nameID = nameID
            self.delegationInstant = delegationInstant
            self.confirmationMethod = confirmationMethod
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            delegationInstant = try element.dateAttribute("DelegationInstant")
            confirmationMethod = element.attribute("ConfirmationMethod").map(ConfirmationMethod.init(rawValue:))
            var reader = ChildReader(element)
            try SAML2.refuseOtherIdentifiers(&reader)
            nameID = try NameID(element: try reader.required("NameID", SAML2.namespace))
            try reader.finish()
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) -> XMLElement {
            let element = parent.addChild("Delegate", SAMLNamespace.delegation, prefix: "del")
            element.setAttribute("DelegationInstant", ifPresent: delegationInstant)
            element.setAttribute("ConfirmationMethod", ifPresent: confirmationMethod?.rawValue)
            nameID.write(as: "NameID", into: element)
            return element
        }
    }
}
