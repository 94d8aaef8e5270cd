/// The token the STS issued in exchange for a consumer identity, as the token cache keeps it
/// and the route forwards it: a SAML assertion or a UsernameToken identity assertion, each
/// with its own outbound binding.
enum ExchangedToken: Sendable {
    /// Forwarded with ``SenderVouchesBinding``.
    case samlAssertion(IssuedAssertion)
    /// Forwarded with ``UsernameTokenBinding``.
    case usernameToken(IssuedUsernameToken)

    /// The token's identifier: the assertion's ID, the UsernameToken's `wsu:Id`.
    var id: String {
        switch self {
        case .samlAssertion(let assertion): assertion.id
        case .usernameToken(let token): token.id
        }
    }

    /// The subject it names, for the audit log.
    var subject: String? {
        switch self {
        case .samlAssertion(let assertion): assertion.subject
        case .usernameToken(let token): token.username
        }
    }
}
