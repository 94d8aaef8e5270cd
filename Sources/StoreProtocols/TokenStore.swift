public import Foundation

/// What the STS remembers of a token it issued: enough to answer Validate, Renew and Cancel and
/// to audit, never the token's bytes or key material.
public struct IssuedTokenRecord: Sendable, Hashable {
    /// Where a token stands in its life. Expiry is read from ``IssuedTokenRecord/expires``.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case issued
        /// Replaced by a renewed token; no longer valid.
        case renewed
        case cancelled
    }

    /// The token's identifier: SAML 2.0 `ID`, SAML 1.1 `AssertionID` or JWT `jti`.
    public var id: String
    /// The token type URI (`TokenType.rawValue`).
    public var tokenType: String
    public var subject: String
    /// Who asked for it: the authenticated requestor's name.
    public var requestor: String
    public var appliesTo: String?
    /// The configured relying party's name.
    public var relyingParty: String?
    public var created: Date
    public var expires: Date
    public var status: Status
    /// Whether Renew may re-issue it.
    public var renewable: Bool
    /// Whether Renew may re-issue it after it expired (`wst:Renewing/@OK="true"` at Issue,
    /// WS-Trust 1.3 §5); false by default, as the spec's default for OK is.
    public var renewableAfterExpiry: Bool
    /// The identifier of the token this one renewed.
    public var renewedFrom: String?

    public init(
        id: String, tokenType: String, subject: String, requestor: String, appliesTo: String?, relyingParty: String?,
        created: Date, expires: Date, status: Status = .issued, renewable: Bool,
        renewableAfterExpiry: Bool = false, renewedFrom: String? = nil
    ) {
        self.id = id
        self.tokenType = tokenType
        self.subject = subject
        self.requestor = requestor
        self.appliesTo = appliesTo
        self.relyingParty = relyingParty
        self.created = created
        self.expires = expires
        self.status = status
        self.renewable = renewable
        self.renewableAfterExpiry = renewable && renewableAfterExpiry
        self.renewedFrom = renewedFrom
    }
}

/// Durable state of issued tokens, shared by every instance that serves the same STS.
/// Implementations: in memory (tests, single instance), SQLite, PostgreSQL.
public protocol TokenStore: Sendable {
    /// Records a newly issued token. Returns only once the record is durable: an issuance is
    /// acknowledged to the requestor after this call.
    func insert(_ record: IssuedTokenRecord) async throws
    /// The record for `id`, or nil when this store never saw it (or it was purged).
    func record(id: String) async throws -> IssuedTokenRecord?
    /// Moves `id` from `expected` to `status` atomically. Returns false when the record is
    /// missing or no longer in `expected` (another instance renewed or cancelled it first).
    func transition(id: String, from expected: IssuedTokenRecord.Status, to status: IssuedTokenRecord.Status) async throws -> Bool
    /// Deletes records that expired before `cutoff`; returns how many.
    func purge(expiredBefore cutoff: Date) async throws -> Int
}
