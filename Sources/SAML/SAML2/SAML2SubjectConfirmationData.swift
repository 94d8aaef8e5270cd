public import Foundation
public import XMLCore
import XMLSecurity

extension SAML2 {
    /// `<SubjectConfirmationData>` (§2.4.1.2) restricting when, where and by whom the subject
    /// may be confirmed; with ``keys`` it is of `KeyInfoConfirmationDataType` (§2.4.1.3), the
    /// holder-of-key form whose `ds:KeyInfo` elements name the key to prove.
    public struct SubjectConfirmationData: Hashable, Sendable {
        public var notBefore: Date?
        public var notOnOrAfter: Date?
        /// The URI of the entity or location the assertion may be presented to.
        public var recipient: String?
        /// The ID of the request this assertion answers.
        public var inResponseTo: String?
        /// The network address the presenter may use.
        public var address: String?
        /// Holder-of-key proof keys (one `ds:KeyInfo` each); written with
        /// `xsi:type="saml2:KeyInfoConfirmationDataType"` when not empty.
        public var keys: [SAMLConfirmationKey]

        public init(
            notBefore: Date? = nil, notOnOrAfter: Date? = nil, recipient: String? = nil,
            inResponseTo: String? = nil, address: String? = nil, keys: [SAMLConfirmationKey] = []
        ) {
            self.notBefore = notBefore
            self.notOnOrAfter = notOnOrAfter
            self.recipient = recipient
            self.inResponseTo = inResponseTo
            self.address = address
            self.keys = keys
        }

        /// Reads the element. Content other than `ds:KeyInfo` (the type is open) is ignored; a
        /// KeyInfoConfirmationDataType without KeyInfo is refused.
        public init(element: XMLElement) throws {
            notBefore = try element.dateAttribute("NotBefore")
            notOnOrAfter = try element.dateAttribute("NotOnOrAfter")
            recipient = element.attribute("Recipient")
            inResponseTo = element.attribute("InResponseTo")
            address = element.attribute("Address")
            keys = try element.children("KeyInfo", XMLSecurityNamespace.ds).map(SAMLConfirmationKey.init(keyInfo:))
            if try element.xsiType() == QName(SAML2.namespace, "KeyInfoConfirmationDataType"), keys.isEmpty {
                throw SAMLError(.malformed, "a KeyInfoConfirmationDataType needs a KeyInfo")
            }
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            let element = parent.addChild("SubjectConfirmationData", SAML2.namespace, prefix: SAML2.prefix)
            element.setAttribute("NotBefore", ifPresent: notBefore)
            element.setAttribute("NotOnOrAfter", ifPresent: notOnOrAfter)
            element.setAttribute("Recipient", ifPresent: recipient)
            element.setAttribute("InResponseTo", ifPresent: inResponseTo)
            element.setAttribute("Address", ifPresent: address)
            if !keys.isEmpty {
                let prefix = element.prefix.map { "\($0):" } ?? ""
                element.setAttribute("type", SAMLNamespace.xsi, prefix: "xsi", value: prefix + "KeyInfoConfirmationDataType")
                for key in keys {
                    try key.write(into: element)
                }
            }
            return element
        }
    }
}
