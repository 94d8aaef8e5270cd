public import WSTrust
public import XMLCore

/// A token the STS issued: its element (the root of a document of its own, declaring its own
/// namespaces so its bytes can be forwarded verbatim), its identifier and what it was issued as.
public struct IssuedToken {
    /// The signed `saml2:Assertion` or `saml:Assertion`, a `saml2:EncryptedAssertion`, the
    /// element carrying a JWT (``JWTEncapsulation``), or a `wsse:UsernameToken`.
    public let element: XMLElement
    /// SAML 2.0 `ID`, SAML 1.1 `AssertionID`, JWT `jti` or UsernameToken `wsu:Id`: the key of
    /// the token store's record.
    public let id: String
    /// The type issued, as its profile names it (``TokenType/canonical``).
    public let tokenType: TokenType
    public let lifetime: Lifetime
}
