import Foundation
import SOAP
import WSSecurity
import WSTrust
import X509
import XMLCore

/// What ``STSClient`` requires of an RSTR that carries a UsernameToken (Username Token Profile
/// 1.1 §3.1), the identity assertion an STS issues for a provider that takes a username. Such
/// a token has no signature of its own, so everything the client knows about it comes from
/// the STS's response signature:
///
/// - the TokenType names the UsernameToken type, and RequestedSecurityToken holds a
///   `wsse:UsernameToken` itself (not a reference to one elsewhere in the message);
/// - the token has a username, a `wsu:Id`, and no password (an STS vouches for a name; it does
///   not hand out passwords, and a password must never be forwarded);
/// - when the client verifies responses, the token lies inside what the STS's signature
///   covers (the Body, WS-Trust 1.3 §4.3);
/// - the RSTR states a Lifetime whose Expires is still ahead: the token has no expiry of its
///   own, and this is how long it may be used and cached.
struct IssuedUsernameTokenCheck {
    /// The STS certificate whose signature was verified; nil when responses are not verified.
    let stsCertificate: Certificate?
    let security: SecurityHeaderResult?
    let now: Date

    /// Whether `response` announces or carries a UsernameToken.
    static func applies(to response: RequestSecurityTokenResponse) -> Bool {
        response.tokenType?.canonical == .usernameToken
            || response.requestedSecurityToken?.is("UsernameToken", WSSNamespace.secext) == true
    }

    func check(_ response: RequestSecurityTokenResponse) throws(STSClientError) {
        guard response.tokenType?.canonical == .usernameToken else {
            throw STSClientError(.invalidResponse, "the RSTR carries a UsernameToken under another TokenType")
        }
        guard let element = response.requestedSecurityToken, element.is("UsernameToken", WSSNamespace.secext) else {
            throw STSClientError(.invalidResponse, "the RSTR's RequestedSecurityToken holds no UsernameToken")
        }
        let token: UsernameToken
        do {
            token = try UsernameToken(element: element)
        } catch {
            throw STSClientError(.invalidResponse, "the issued UsernameToken is malformed")
        }
        guard token.password == nil else {
            throw STSClientError(.invalidResponse, "the issued UsernameToken carries a password")
        }
        guard let id = element.attribute("Id", WSSNamespace.utility), !id.isEmpty else {
            throw STSClientError(.invalidResponse, "the issued UsernameToken has no wsu:Id")
        }
        if let stsCertificate {
            guard let security, !security.signatures(by: .x509(stsCertificate, chain: []), covering: element).isEmpty else {
                throw STSClientError(.responseNotVerified, "the issued UsernameToken is not covered by the STS's signature")
            }
        }
        guard let expires = response.lifetime?.expires else {
            throw STSClientError(.invalidResponse, "the RSTR states no Lifetime for the UsernameToken")
        }
        guard expires > now else {
            throw STSClientError(.invalidResponse, "the issued UsernameToken's Lifetime has already ended")
        }
    }
}
