import WSSecurity

/// Checks header UsernameToken passwords against the ``UserDirectory`` for one request, with
/// the transport's word on TLS: a password is refused (before any hashing) unless the request
/// arrived over TLS or it is a PasswordDigest and digests are allowed without TLS. The slow
/// hash runs on the password-check pool.
struct DirectoryPasswordAuthenticator: UsernameTokenAuthenticator {
    let directory: UserDirectory
    let transportIsSecure: Bool
    let digestWithoutTLS: Bool
    let pool: PasswordCheckPool

    func authenticate(_ token: UsernameToken) async throws {
        try Self.checkTransport(of: token, transportIsSecure: transportIsSecure, digestWithoutTLS: digestWithoutTLS)
        _ = try await directory.authenticate(token, on: pool)
    }

    /// UsernameToken Profile 1.1 §4: a PasswordText is the password itself; it may only travel
    /// over a confidential transport. A PasswordDigest (§3.1) is SHA-1 of nonce, time and
    /// password: whoever reads it can guess passwords offline at SHA-1 speed, so it needs TLS
    /// too unless the deployment accepts that risk (`digestWithoutTLS`).
    static func checkTransport(of token: UsernameToken, transportIsSecure: Bool, digestWithoutTLS: Bool) throws(WSSecurityError) {
        guard !transportIsSecure else { return }
        switch token.password {
        case .text?: throw WSSecurityError(.invalidSecurity, "a PasswordText is accepted only over TLS")
        case .digest? where !digestWithoutTLS: throw WSSecurityError(.invalidSecurity, "a PasswordDigest is accepted only over TLS")
        default: return
        }
    }
}
