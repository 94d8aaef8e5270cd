public import Foundation
public import JWTKit

/// The claims of a JWT the STS issues (RFC 7519 §4.1): `iss`, `sub`, `aud`, `iat`, `nbf`, `exp`,
/// `jti`, `act` (RFC 8693 §4.1) for a delegated token, and the relying party's configured claims.
/// Times are NumericDates in whole seconds. A configured claim with one value is a JSON string,
/// with several a JSON array (as CXF's DefaultJWTClaimsProvider writes them).
public struct JWTClaimSet: JWTPayload, Hashable {
    /// A configured claim.
    public struct Claim: Hashable, Sendable {
        public var name: String
        public var values: [String]

        public init(name: String, values: [String]) {
            self.name = name
            self.values = values
        }
    }

    /// Claim names the STS sets itself; a configured claim may not use them.
    public static let registeredNames: Set<String> = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "act", "cnf"]

    public var issuer: String
    public var subject: String
    public var audience: [String]
    public var issuedAt: Date
    public var notBefore: Date
    public var expires: Date
    public var id: String
    /// The party acting for the subject (ActAs), written as `"act": {"sub": …}`.
    public var actor: String?
    public var claims: [Claim]

    public init(
        issuer: String, subject: String, audience: [String], issuedAt: Date, notBefore: Date, expires: Date,
        id: String, actor: String? = nil, claims: [Claim] = []
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expires = expires
        self.id = id
        self.actor = actor
        self.claims = claims
    }

    /// Checks the time window against the system clock (jwt-kit calls this when verifying), for
    /// relying parties that decode with this type. The STS itself judges its tokens' time
    /// against its injected clock (``OwnJWTVerifier``), not through this.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try ExpirationClaim(value: expires).verifyNotExpired()
        try NotBeforeClaim(value: notBefore).verifyNotBefore()
    }

    private struct Key: CodingKey {
        let stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    private struct Actor: Codable, Hashable {
        var sub: String
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(issuer, forKey: Key("iss"))
        try container.encode(subject, forKey: Key("sub"))
        if audience.count == 1 {
            try container.encode(audience[0], forKey: Key("aud"))
        } else if !audience.isEmpty {
            try container.encode(audience, forKey: Key("aud"))
        }
        try container.encode(Self.numericDate(issuedAt), forKey: Key("iat"))
        try container.encode(Self.numericDate(notBefore), forKey: Key("nbf"))
        try container.encode(Self.numericDate(expires), forKey: Key("exp"))
        try container.encode(id, forKey: Key("jti"))
        if let actor { try container.encode(Actor(sub: actor), forKey: Key("act")) }
        for claim in claims where !Self.registeredNames.contains(claim.name) {
            if claim.values.count == 1 {
                try container.encode(claim.values[0], forKey: Key(claim.name))
            } else {
                try container.encode(claim.values, forKey: Key(claim.name))
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        issuer = try container.decode(String.self, forKey: Key("iss"))
        subject = try container.decode(String.self, forKey: Key("sub"))
        if let single = try? container.decode(String.self, forKey: Key("aud")) {
            audience = [single]
        } else {
            audience = try container.decodeIfPresent([String].self, forKey: Key("aud")) ?? []
        }
        issuedAt = Date(timeIntervalSince1970: TimeInterval(try container.decode(Int64.self, forKey: Key("iat"))))
        notBefore = Date(timeIntervalSince1970: TimeInterval(try container.decode(Int64.self, forKey: Key("nbf"))))
        expires = Date(timeIntervalSince1970: TimeInterval(try container.decode(Int64.self, forKey: Key("exp"))))
        id = try container.decode(String.self, forKey: Key("jti"))
        actor = try container.decodeIfPresent(Actor.self, forKey: Key("act"))?.sub
        claims = try container.allKeys.filter { !Self.registeredNames.contains($0.stringValue) }.map { key in
            if let single = try? container.decode(String.self, forKey: key) {
                return Claim(name: key.stringValue, values: [single])
            }
            return Claim(name: key.stringValue, values: try container.decode([String].self, forKey: key))
        }.sorted { $0.name < $1.name }
    }

    /// Seconds since the epoch, rounded down (RFC 7519 §2 NumericDate).
    static func numericDate(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }
}
