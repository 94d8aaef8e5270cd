import Foundation
import WSTrust

extension SecurityTokenService {
    /// Judges a JWT ValidateTarget: one the STS issued (``OwnJWTVerifier``: size, RS256/ES256,
    /// signature with its own public keys, `iss`), inside its `nbf`/`exp` window by the
    /// request's clock with the configured skew, still `issued` in the token store (by `jti`),
    /// and — when the status is asked for an AppliesTo — addressed to it: `aud` names the
    /// AppliesTo address or the audience the relying party for it is given (RFC 7519 §4.1.3; a
    /// token without `aud` is not restricted, as a SAML assertion without AudienceRestriction).
    /// Exchanging it does not judge the audience (it was addressed to the requestor).
    /// A valid token yields its subject in the STS's realm.
    func judge(jwt: String, request: TrustRequest, exchanging: Bool) async throws -> ValidationVerdict {
        let claims: JWTClaimSet
        do throws(JWTValidationError) {
            claims = try await ownJWTs.claims(of: jwt)
            try ownJWTs.checkTime(of: claims, now: request.now, clockSkew: configuration.inbound.clockSkew)
            if !exchanging, let address = request.rst.appliesTo?.address {
                try checkAudience(of: claims, appliesTo: address)
            }
        } catch {
            return .invalid(reason: error.reason)
        }
        guard let record = try await storedRecord(id: claims.id) else {
            return .invalid(reason: "the token is not known to this STS")
        }
        if let reason = Self.invalidReason(record.status) { return .invalid(reason: reason) }
        guard !claims.subject.isEmpty else { return .invalid(reason: "the token names no subject") }
        return .valid(claims.identity(realm: samlTrust.realm(of: configuration.issuerName)))
    }

    /// The `jti` of a JWT CancelTarget once ``OwnJWTVerifier`` accepted it (form, algorithm,
    /// signature, issuer). Its time is not judged: an expired token may still be cancelled, as
    /// a SAML one may. A token the STS did not issue is `wst:InvalidSecurityToken`.
    func verifiedID(ofJWT jwt: String) async throws(WSTrustError) -> String {
        do {
            return try await ownJWTs.claims(of: jwt).id
        } catch {
            throw WSTrustError(.invalidSecurityToken, error.reason)
        }
    }

    private func checkAudience(of claims: JWTClaimSet, appliesTo address: String) throws(JWTValidationError) {
        guard !claims.audience.isEmpty else { return }
        let registry = configuration.relyingParties
        let partyAudience = (registry.party(for: address) ?? registry.defaultParty)?.audience
        guard claims.audience.contains(where: { $0 == address || $0 == partyAudience }) else {
            throw JWTValidationError(.audienceMismatch, "the token is not addressed to this audience")
        }
    }
}
