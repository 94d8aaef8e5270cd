import WSSecurity

/// Authenticates a user of ``STSConfiguration/users`` by the UsernameToken in the security
/// header. The password was verified while the header was processed: a PasswordText only over
/// TLS (``STSRequestContext/transportIsSecure``), a PasswordDigest only for users with a sealed
/// password. Users may not delegate.
public struct UsernamePasswordAuthentication: RequestorAuthenticator {
    public init() {}

    public func authenticate(_ input: AuthenticationInput) async throws -> AuthenticatedRequestor? {
        let verified = input.security.usernameTokens.filter(\.passwordVerified)
        guard let token = verified.first?.token else { return nil }
        guard verified.count == 1 else {
            throw WSSecurityError(.invalidSecurity, "the security header carries more than one UsernameToken with a password")
        }
        guard let directory = input.configuration.users, let user = directory.user(named: token.username) else {
            throw WSSecurityError(.failedAuthentication, "the username or password is not valid")
        }
        return AuthenticatedRequestor(
            id: "user:" + user.name, name: user.name, method: .usernamePassword, mayDelegate: false,
            identity: AuthenticatedIdentity(
                name: user.name, realm: directory.realm, authentication: .password,
                authenticationInstant: input.now, attributes: user.attributes))
    }
}

extension RequestorAuthenticator where Self == UsernamePasswordAuthentication {
    /// A UsernameToken password checked against the user directory.
    public static var usernamePassword: UsernamePasswordAuthentication { UsernamePasswordAuthentication() }
}
