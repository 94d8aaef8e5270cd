import Foundation
import SAML
import StoreProtocols
import WSTrust

extension SecurityTokenService {
    /// Renew (WS-Trust 1.3 §8): the RenewTarget must be a SAML assertion the STS issued
    /// (its signature checked with the STS's own certificate, as of a time it was valid), issued
    /// to this requestor as renewable, still `issued` in the token store, and not expired — or,
    /// when its Issue request said `Renewing OK="true"` (§5), not expired for longer than the
    /// renewal window. A new assertion for the same subject, with a new lifetime
    /// within the lifetime policy, is recorded; then the old record moves from `issued` to
    /// `renewed` atomically — when another instance renewed or cancelled it first, the new
    /// token is cancelled unseen and the request fails with `wst:UnableToRenew`. A UsernameToken
    /// identity assertion is refused with `wst:UnableToRenew` too.
    func renew(_ request: TrustRequest) async throws -> RequestSecurityTokenResponse {
        guard configuration.renewal.enabled else {
            throw WSTrustError(.unableToRenew, "this STS does not renew tokens")
        }
        guard let element = request.rst.target else {
            throw WSTrustError(.invalidRequest, "the request has no RenewTarget")
        }
        let presented = try TokenTarget(element)
        if case .usernameToken = presented {
            // A UsernameToken has no validity of its own to extend (Username Token Profile 1.1
            // gives it none; its Lifetime is the RSTR's): a fresh one is a new Issue.
            throw WSTrustError(.unableToRenew, "a UsernameToken is not renewed: request a new one")
        }
        guard case .samlAssertion(let target) = presented else {
            throw WSTrustError(.invalidRequest, "RenewTarget must hold a SAML assertion issued by this STS")
        }
        guard let record = try await storedRecord(id: target.id) else {
            throw WSTrustError(.unableToRenew, "the token is not known to this STS")
        }
        let validated: ValidatedSAMLAssertion
        do {
            validated = try await samlTrust.ownTokenValidator(at: record.expires.addingTimeInterval(-0.001)).validate(element)
        } catch {
            throw WSTrustError(.unableToRenew, "the token was not issued by this STS")
        }
        guard record.requestor == request.requestor.id else {
            throw WSTrustError(.failedAuthentication, "the token was issued to another requestor")
        }
        if let reason = configuration.renewal.refusal(toRenew: record, now: request.now) {
            throw WSTrustError(.unableToRenew, reason)
        }
        request.audit.event.appliesTo = record.appliesTo
        request.audit.event.relyingParty = record.relyingParty
        let party = record.relyingParty.flatMap { name in configuration.relyingParties.parties.first { $0.name == name } }
        let lifetime = try configuration.lifetimes.lifetime(requested: request.rst.lifetime, partyLifetime: party?.lifetime, now: request.now)
        let token = try SAMLTokenRenewal(signer: issuer.saml.signer).reissue(validated.assertion, lifetime: lifetime, now: request.now)
        var renewed = record
        renewed.id = token.id
        renewed.created = lifetime.created ?? request.now
        renewed.expires = lifetime.expires ?? request.now
        renewed.status = .issued
        renewed.renewedFrom = record.id
        try await self.record(request, renewed)
        guard try await transition(record.id, from: .issued, to: .renewed) else {
            _ = try? await configuration.tokenStore.transition(id: token.id, from: .issued, to: .cancelled)
            throw WSTrustError(.unableToRenew, "the token was renewed or cancelled by another request")
        }
        request.audit.event.outcome = .renewed(
            previousID: record.id, token: request.audit.token(token.id, token.tokenType, subject: record.subject, lifetime: lifetime))
        return token.response(version: request.version, context: request.rst.context, appliesTo: record.appliesTo)
    }

    /// The store's record for `id`; a store failure is `wst:RequestFailed`.
    func storedRecord(id: String) async throws(WSTrustError) -> IssuedTokenRecord? {
        do {
            return try await configuration.tokenStore.record(id: id)
        } catch {
            throw WSTrustError(.requestFailed, "the token store is not available")
        }
    }

    /// An atomic status change in the store; false when the record was not in `expected`.
    func transition(_ id: String, from expected: IssuedTokenRecord.Status, to status: IssuedTokenRecord.Status) async throws(WSTrustError) -> Bool {
        do {
            return try await configuration.tokenStore.transition(id: id, from: expected, to: status)
        } catch {
            throw WSTrustError(.requestFailed, "the token store is not available")
        }
    }
}
