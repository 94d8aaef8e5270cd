import WSSecurity

/// Checks header UsernameToken passwords against the ``UserDirectory`` for one request, with
/// the transport's word on TLS: a PasswordText is refused (before any hashing) unless the
/// request arrived over TLS.
struct DirectoryPasswordAuthenticator: UsernameTokenAuthenticator {
    let directory: UserDirectory
    let transportIsSecure: Bool

    func authenticate(_ token: UsernameToken) async throws {
        try Self.checkTransport(of: token, transportIsSecure: transportIsSecure)
        _ = try directory.authenticate(token)
    }

    /// UsernameToken Profile 1.1 §4: a PasswordText is the password itself; it may only travel
    /// over a confidential transport.
    static func checkTransport(of token: UsernameToken, transportIsSecure: Bool) throws(WSSecurityError) {
        if case .text? = token.password, !transportIsSecure {
            throw WSSecurityError(.invalidSecurity, "a PasswordText is accepted only over TLS")
        }
    }
}
