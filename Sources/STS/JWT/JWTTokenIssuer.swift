public import Foundation
import SAML
public import WSTrust

/// Issues signed JWTs (RFC 7519) for relying parties configured with ``TokenType/jwt``, through
/// jwt-kit: RS256 or ES256 as the party asks, with `iss`, `sub`, `aud` (the party's audience or
/// the AppliesTo address), `iat`, `nbf`, `exp`, `jti`, `act` for ActAs, and the party's claims.
/// JWTs are bearer tokens here: a request for a proof key is refused.
public struct JWTTokenIssuer: Sendable {
    /// The STS's name, written as `iss`.
    public let issuerName: String
    /// The keys available, at most one per algorithm is used (the first).
    public let keys: [JWTSigningKey]

    public init(issuerName: String, keys: [JWTSigningKey]) {
        self.issuerName = issuerName
        self.keys = keys
    }

    /// Issues the JWT `decision` calls for, about `subject`, valid for `lifetime`.
    /// Failures are `WSTrustError`s with safe reasons.
    public func issue(for subject: IssuedSubject, decision: IssuanceDecision, lifetime: Lifetime, now: Date) async throws -> IssuedToken {
        guard decision.keyType == .bearer else {
            throw WSTrustError(.invalidRequest, "JWTs are issued as bearer tokens only")
        }
        let party = decision.relyingParty
        let algorithm = party?.jwtAlgorithm ?? .rs256
        guard let key = keys.first(where: { $0.algorithm == algorithm }) else {
            throw WSTrustError(.requestFailed, "no key is configured to sign \(algorithm.rawValue) tokens")
        }
        let claims = try claimSet(for: subject, decision: decision, lifetime: lifetime, now: now)
        let jwt: String
        do {
            jwt = try await key.sign(claims)
        } catch {
            throw WSTrustError(.requestFailed, "the token could not be issued")
        }
        let element = (party?.jwtEncapsulation ?? .cxfTokenWrapper).element(for: jwt, id: claims.id)
        return IssuedToken(element: element, id: claims.id, tokenType: .jwt, lifetime: lifetime)
    }

    /// The claims of the token: configured claims may not reuse a registered claim name.
    func claimSet(for subject: IssuedSubject, decision: IssuanceDecision, lifetime: Lifetime, now: Date) throws -> JWTClaimSet {
        guard let created = lifetime.created, let expires = lifetime.expires else {
            throw WSTrustError(.requestFailed, "a JWT needs a lifetime with a start and an end")
        }
        let configured = decision.relyingParty?.claims.claims(for: subject) ?? []
        guard configured.allSatisfy({ !JWTClaimSet.registeredNames.contains($0.name) }) else {
            throw WSTrustError(.requestFailed, "a configured claim uses a registered JWT claim name")
        }
        return JWTClaimSet(
            issuer: issuerName, subject: subject.name, audience: decision.audience.map { [$0] } ?? [],
            issuedAt: now, notBefore: created, expires: expires,
            id: SAMLIdentifier.generate(), actor: subject.actor,
            claims: configured.map { JWTClaimSet.Claim(name: $0.name, values: $0.values) })
    }
}
