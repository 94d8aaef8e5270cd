import Crypto
import Foundation
import WSSecurity

/// Decides whether a route takes a consumer's identity, and how it goes to the STS.
///
/// - Identity assertion (a Username without password): only from a trusted consumer, one whose
///   connection comes from a configured network or passed mutual TLS with a certificate from a
///   configured CA. The STS trusts the gateway's word for it (WS-Trust 1.3 §9.1 OnBehalfOf).
/// - Password: a PasswordText only over TLS (Username Token Profile 1.1 §4), or a
///   PasswordDigest; the gateway does not check it, the STS does, inside OnBehalfOf.
///
/// Anything else is `wsse:FailedAuthentication`, and the request is never forwarded.
struct ConsumerAdmission: Sendable {
    /// Where the request came from.
    struct Connection: Sendable {
        /// The peer's IP address, textual.
        var remoteAddress: String?
        /// The listener speaks TLS.
        var overTLS: Bool
        /// The listener required and verified a client certificate (mutual TLS).
        var clientCertificateVerified: Bool
    }

    /// What the gateway asks the STS for, and what the token is cached under.
    struct Admitted: Sendable {
        /// The token for `wst:OnBehalfOf`: a Username alone for an identity assertion, the
        /// consumer's token as it came (password, Nonce, Created) for the password form.
        let onBehalfOf: UsernameToken
        /// `identity-assertion`, or `password:` and a keyed digest of a PasswordText; nil for a
        /// PasswordDigest, whose fresh Nonce makes every request a new credential: never cached.
        let cacheRealm: String?
    }

    let form: ConsumerForm
    let trustedNetworks: [IPNetwork]
    let trustClientCertificates: Bool
    /// Keys the password digests in cache keys; random per process, never stored.
    let realmKey: SymmetricKey

    func admit(_ token: UsernameToken, connection: Connection) throws(GatewayError) -> Admitted {
        switch form {
        case .identityAssertion:
            guard token.password == nil else {
                throw GatewayError(.failedAuthentication, "the route takes identity assertions; the UsernameToken carries a password")
            }
            let fromNetwork = connection.remoteAddress.map { address in trustedNetworks.contains { $0.contains(address) } } ?? false
            let byCertificate = trustClientCertificates && connection.clientCertificateVerified
            guard fromNetwork || byCertificate else {
                throw GatewayError(.failedAuthentication, "identity asserted by an untrusted consumer (\(connection.remoteAddress ?? "unknown address"))")
            }
            return Admitted(onBehalfOf: UsernameToken(username: token.username, password: nil), cacheRealm: ConsumerForm.identityAssertion.rawValue)
        case .password:
            switch token.password {
            case nil:
                throw GatewayError(.failedAuthentication, "the route takes passwords; the UsernameToken carries none")
            case .text(let password):
                guard connection.overTLS else {
                    throw GatewayError(.failedAuthentication, "a PasswordText arrived over plain HTTP")
                }
                let digest = HMAC<SHA256>.authenticationCode(for: Array((token.username + "\u{0}" + password).utf8), using: realmKey)
                return Admitted(onBehalfOf: token, cacheRealm: "password:" + digest.map { String(format: "%02x", $0) }.joined())
            case .digest:
                return Admitted(onBehalfOf: token, cacheRealm: nil)
            }
        }
    }
}
