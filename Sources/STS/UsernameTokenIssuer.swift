public import Foundation
import TesseraCrypto
import WSSecurity
public import WSTrust
import XMLCore

/// Issues a `wsse:UsernameToken` identity assertion for a relying party whose provider takes a
/// username rather than a SAML assertion (the token-transformation scenario): the subject's name
/// after identity mapping, no password, a fresh `wsse:Nonce` and `wsu:Created` (Username Token
/// Profile 1.1 §3.1), and a `wsu:Id` by which the RSTR references the token (WSS 1.1 §7.2) and
/// the token store records it.
///
/// The token carries no audience, attributes or signature of its own: the requestor learns it
/// is the STS's from the STS's signature over the response Body, and a provider trusts it only
/// under the signature of the party that forwards it (the gateway). It is built in a document
/// of its own that declares `wsse` and `wsu`, so its bytes can be forwarded verbatim.
public struct UsernameTokenIssuer: Sendable {
    /// Length of the Nonce, in bytes (Username Token Profile 1.1 §3.1 recommends 16 or more).
    public static let nonceBytes = 16

    public init() {}

    /// The identity assertion for `subject`, created at `now` and recorded as valid for `lifetime`
    /// (the RSTR's Lifetime: the token itself has no expiry).
    public func issue(for subject: IssuedSubject, lifetime: Lifetime, now: Date) throws(WSTrustError) -> IssuedToken {
        let id = "UsernameToken-" + UUID().uuidString.lowercased()
        let token = UsernameToken(username: subject.name, password: nil, nonce: SecureRandom.bytes(Self.nonceBytes), created: now)
        let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
        let written = token.write(into: holder.root, id: id)
        do {
            // Re-read as a document of its own: the token is its root, declaring what it uses.
            let document = try XMLDocument(parsing: holder.serialize(written))
            return IssuedToken(element: document.root, id: id, tokenType: .usernameToken, lifetime: lifetime)
        } catch {
            throw WSTrustError(.requestFailed, "the token could not be issued")
        }
    }
}
