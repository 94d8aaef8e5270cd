public import XMLCore

/// A SAML assertion carried in the security header (SAML Token Profile 1.1 §3.3), as the
/// WS-Security layer sees it: the element, its SAML version and its ID. Reading the assertion
/// and deciding whether to trust it belong to the SAML-aware layer above, reached through
/// ``SAMLConfirmationKeyResolver`` (WSSecurity does not depend on the SAML module).
public struct HeaderSAMLAssertion {
    public enum Version: Hashable, Sendable {
        case saml11, saml20
    }

    /// The SAML 2.0 assertion namespace.
    public static let saml20Namespace = "urn:oasis:names:tc:SAML:2.0:assertion"
    /// The SAML 1.x assertion namespace.
    public static let saml11Namespace = "urn:oasis:names:tc:SAML:1.0:assertion"
    /// Most assertions one security header may carry.
    public static let maximumPerHeader = 4

    public let element: XMLElement
    public let version: Version
    /// `ID` (SAML 2.0) or `AssertionID` (SAML 1.1): what a SAMLID / SAMLAssertionID
    /// KeyIdentifier names.
    public let id: String

    /// Reads the version and ID of a `saml2:Assertion` or SAML 1.1 `saml:Assertion`. Refuses
    /// other elements and an assertion without an ID.
    public init(element: XMLElement) throws {
        let id: String?
        if element.is("Assertion", Self.saml20Namespace) {
            version = .saml20
            id = element.attribute("ID")
        } else if element.is("Assertion", Self.saml11Namespace) {
            version = .saml11
            id = element.attribute("AssertionID")
        } else {
            throw WSSecurityError(.unsupportedSecurityToken, "the element is not a SAML assertion")
        }
        guard let id, !id.isEmpty else {
            throw WSSecurityError(.invalidSecurityToken, "the SAML assertion has no ID")
        }
        self.element = element
        self.id = id
    }

    /// Whether a KeyIdentifier of `valueType` names an assertion of this version.
    static func isSAMLKeyIdentifier(_ valueType: String) -> Bool {
        valueType == WSSURI.samlV20ID || valueType == WSSURI.samlV11ID
    }
}
