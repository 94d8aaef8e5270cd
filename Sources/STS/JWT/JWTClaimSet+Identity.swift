import Foundation

extension JWTClaimSet {
    /// The subject a verified JWT of the STS speaks for, in `realm` (the STS's own): `sub` as
    /// name, the configured claims as attributes, `act` as the one delegate recorded, `iat` as
    /// the authentication instant (the token carries no other).
    func identity(realm: String) -> AuthenticatedIdentity {
        AuthenticatedIdentity(
            name: subject, realm: realm, authentication: .unspecified, authenticationInstant: issuedAt,
            attributes: claims.map { IdentityAttribute(name: $0.name, values: $0.values) },
            delegates: actor.map { [$0] } ?? [])
    }
}
