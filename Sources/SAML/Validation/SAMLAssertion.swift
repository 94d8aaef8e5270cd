public import XMLCore

/// An assertion of either supported SAML version.
public enum SAMLAssertion: Hashable, Sendable {
    case saml20(SAML2.Assertion)
    case saml11(SAML1.Assertion)

    /// Reads a `saml2:Assertion` or a SAML 1.1 `saml:Assertion` (processing only, no trust).
    public init(element: XMLElement) throws {
        if element.is("Assertion", SAMLNamespace.assertion20) {
            self = .saml20(try SAML2.Assertion(element: element))
        } else if element.is("Assertion", SAMLNamespace.assertion11) {
            self = .saml11(try SAML1.Assertion(element: element))
        } else {
            throw SAMLError(.unsupported, "the element is not a SAML 1.1 or 2.0 Assertion")
        }
    }

    /// The assertion's ID (`ID` or `AssertionID`).
    public var id: String {
        switch self {
        case .saml20(let assertion): assertion.id
        case .saml11(let assertion): assertion.id
        }
    }
}
