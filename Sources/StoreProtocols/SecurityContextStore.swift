public import Foundation

/// A security context (WS-SecureConversation session) as a service keeps it.
///
/// Its description, debug description and mirror leave the ``secret`` out, so printing,
/// logging or dumping a record (or a failed test expectation) never shows it.
public struct SecurityContextRecord: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Where a context stands. Expiry is read from ``SecurityContextRecord/expires``.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case active
        case cancelled
    }

    /// The SCT's `wsc:Identifier` (`urn:uuid:…`).
    public var identifier: String
    /// The `wsc:Instance` of a renewed context, when the version uses one.
    public var instance: String?
    /// The shared secret. Stores encrypt it at rest; it never leaves them in clear otherwise.
    public var secret: [UInt8]
    /// The authenticated identity that established the context.
    public var owner: String
    /// The service the context was issued for, when a token service issued it for another
    /// service (the request's AppliesTo, WS-SC 1.3 §3); nil for a context a service established
    /// for itself. Only that service accepts it.
    public var appliesTo: String?
    /// Identities added to the context by Amend (WS-SC 1.3 §7), each proven by a signature of
    /// its own token, in the order they were added, each once. Empty until amended.
    public var claims: [String]
    /// The issued assertion the context was established with, when its bootstrap was one: the
    /// context ends when that assertion's issuer cancels or renews it.
    public var bootstrapAssertion: BootstrapAssertion?
    public var created: Date
    public var expires: Date
    public var status: Status

    public init(
        identifier: String, instance: String? = nil, secret: [UInt8], owner: String, claims: [String] = [],
        bootstrapAssertion: BootstrapAssertion? = nil, created: Date, expires: Date, status: Status = .active,
        appliesTo: String? = nil
    ) {
        self.identifier = identifier
        self.instance = instance
        self.secret = secret
        self.owner = owner
        self.claims = claims
        self.bootstrapAssertion = bootstrapAssertion
        self.created = created
        self.expires = expires
        self.status = status
        self.appliesTo = appliesTo
    }

    public var description: String {
        "SecurityContextRecord(identifier: \(identifier), instance: \(instance ?? "none"), owner: \(owner), "
            + "appliesTo: \(appliesTo ?? "none"), "
            + "claims: \(claims), bootstrapAssertion: \(bootstrapAssertion.map { "\($0.id) (issuer: \($0.issuer))" } ?? "none"), "
            + "created: \(created), expires: \(expires), status: \(status.rawValue), secret: \(secret.count) bytes)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "identifier": identifier, "instance": instance as Any, "owner": owner, "appliesTo": appliesTo as Any, "claims": claims,
                "bootstrapAssertion": bootstrapAssertion as Any, "created": created,
                "expires": expires, "status": status, "secretByteCount": secret.count,
            ])
    }
}

/// Where a service keeps its security contexts: in memory for one instance, SQLite or
/// PostgreSQL when several instances share sessions. Secrets are encrypted at rest under a
/// master key held outside the store.
public protocol SecurityContextStore: Sendable {
    /// Stores a new context, or replaces the one with the same identifier (renewal).
    func save(_ record: SecurityContextRecord) async throws
    /// The context for `identifier`, or nil when unknown or purged.
    func context(identifier: String) async throws -> SecurityContextRecord?
    /// Replaces `current` with `updated` (the same identifier) only while the stored context is
    /// still `current`: active, with the same Instance and the same claims. The check and the
    /// write are one atomic step (compare-and-set), so of a Renew (new Instance) and an Amend
    /// (new claims) of one context made at once, neither is lost: the one that finds the context
    /// changed gets false, reads it again and applies its change to what the other wrote.
    /// False when the stored context changed, was cancelled or is unknown.
    func replace(_ current: SecurityContextRecord, with updated: SecurityContextRecord) async throws -> Bool
    /// Marks the context cancelled at once for every instance; false when it is unknown.
    func cancel(identifier: String) async throws -> Bool
    /// Deletes contexts that expired before `cutoff`; returns how many.
    func purge(expiredBefore cutoff: Date) async throws -> Int
}
