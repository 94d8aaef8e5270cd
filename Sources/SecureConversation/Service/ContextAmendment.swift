import StoreProtocols
import WSSecurity
import WSTrust
import XMLCore

/// The claims an Amend request proves (WS-SC 1.3 §7), added to the context it is secured with.
///
/// The request's Body and Timestamp are signed with the context's key (the verifier has checked
/// that: the owner asks); each claim to add is a token whose own signature covers the same Body
/// and Timestamp, so it is proven by its holder in this very request and cannot be copied from
/// another. Accepted tokens: X.509 certificates validated against the
/// ``ContextAmendmentPolicy/trustStore`` (the engine's token resolver did that); each adds its
/// subject. An Amend that proves no token is refused with `wsse:FailedAuthentication`.
enum ContextAmendment {
    /// `context` with the claims `security` proves over `body` added, each once, in order.
    static func amend(
        _ context: SecurityContextRecord, security: SecurityHeaderResult, body: XMLElement, policy: ContextAmendmentPolicy
    ) throws -> SecurityContextRecord {
        guard let timestamp = security.timestamp?.element else {
            throw WSSecurityError(.invalidSecurity, "an Amend request must carry a Timestamp")
        }
        let proven = security.signatures.compactMap { signature -> String? in
            guard case .x509(let certificate, _) = signature.token, signature.verified.covers(body), signature.verified.covers(timestamp)
            else { return nil }
            return certificate.subject.description
        }
        guard !proven.isEmpty else {
            throw WSSecurityError(.failedAuthentication, "the Amend request carries no token that proves the claims to add")
        }
        var amended = context
        for claim in proven where claim != context.owner && !amended.claims.contains(claim) {
            amended.claims.append(claim)
        }
        guard amended.claims.count <= policy.maximumClaims else {
            throw WSTrustError(.requestFailed, "the security context cannot carry more claims")
        }
        return amended
    }
}
