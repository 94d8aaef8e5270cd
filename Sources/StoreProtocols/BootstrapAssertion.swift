/// The issued assertion a security context was established with (WS-SC 1.3 §3 with an
/// issued-token bootstrap): whose it is and which one, so that the service can ask its issuer
/// whether it still stands (WS-Trust 1.3 §8 Renew, §10 Cancel) for as long as the context lives.
public struct BootstrapAssertion: Sendable, Hashable {
    /// The assertion's `Issuer`.
    public var issuer: String
    /// The assertion's `ID` (SAML 2.0) or `AssertionID` (SAML 1.1).
    public var id: String

    public init(issuer: String, id: String) {
        self.issuer = issuer
        self.id = id
    }
}
