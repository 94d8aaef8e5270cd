import SAML
import StoreProtocols
import WSSecurity
import WSTrust
import XMLCore

/// The claims an Amend request proves (WS-SC 1.3 §7), added to the context it is secured with.
///
/// The request's Body and Timestamp are signed with the context's key (the verifier has checked
/// that: the owner asks); each claim to add is a token whose own key signs the same Body and
/// Timestamp, so it is proven by its holder in this very request and cannot be copied from
/// another. Accepted tokens:
/// - X.509 certificates validated against the ``ContextAmendmentPolicy/trustStore`` (the
///   engine's token resolver did that); each adds its subject;
/// - holder-of-key SAML assertions (SAML Token Profile 1.1 §3.5.1) of the
///   ``ContextAmendmentPolicy/samlIssuers``, the signature made with the key the assertion
///   confirms and referencing the assertion; each adds its subject as its issuer names it.
///
/// Every SAML assertion in the header must be proven that way: one that is not (sender-vouches,
/// bearer, or a holder-of-key assertion whose key did not sign), or any assertion when SAML claims
/// are not accepted, refuses the request with `wsse:FailedAuthentication`; an assertion the
/// validator refuses (untrusted issuer, expired, another audience) with
/// `wsse:InvalidSecurityToken`. An Amend that proves no token is refused with
/// `wsse:FailedAuthentication`.
enum ContextAmendment {
    /// `context` with the claims `security` proves over `body` added, each once, in order.
    /// `assertions` validated the header's assertions for the engine (nil when the policy
    /// accepts none).
    static func amend(
        _ context: SecurityContextRecord, security: SecurityHeaderResult, body: XMLElement, policy: ContextAmendmentPolicy,
        assertions: SAMLHeaderAssertionTrust?
    ) async throws -> SecurityContextRecord {
        guard let timestamp = security.timestamp?.element else {
            throw WSSecurityError(.invalidSecurity, "an Amend request must carry a Timestamp")
        }
        func signsBodyAndTimestamp(_ signature: SecurityHeaderResult.ProcessedSignature) -> Bool {
            signature.verified.covers(body) && signature.verified.covers(timestamp)
        }
        var proven = security.signatures.compactMap { signature -> String? in
            guard case .x509(let certificate, _) = signature.token, signsBodyAndTimestamp(signature) else { return nil }
            return certificate.subject.description
        }
        for header in security.samlAssertions {
            guard let saml = policy.samlIssuers, let assertions else {
                throw WSSecurityError(.failedAuthentication, "SAML assertions are not accepted as claims here")
            }
            let signed = security.signatures.contains { signature in
                guard case .samlAssertion(let id, _) = signature.token, id == header.id else { return false }
                return signsBodyAndTimestamp(signature)
            }
            guard signed else {
                throw WSSecurityError(.failedAuthentication, "the Body and Timestamp are not signed with the SAML assertion's confirmation key")
            }
            let facts: SAMLAssertionFacts
            do {
                facts = try await assertions.validate(header).facts
            } catch {
                throw error.wsSecurityError
            }
            guard facts.subjects.flatMap(\.confirmations).contains(where: { $0.kind == .holderOfKey }) else {
                throw WSSecurityError(.failedAuthentication, "only holder-of-key SAML assertions add claims")
            }
            guard let nameID = facts.subjects.lazy.compactMap(\.name).first(where: { !$0.isEmpty }) else {
                throw WSSecurityError(.invalidSecurityToken, "the SAML assertion names no subject")
            }
            try await saml.checkStatus(of: facts)
            proven.append(SAMLBootstrap.owner(nameID: nameID, issuer: facts.issuer))
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
