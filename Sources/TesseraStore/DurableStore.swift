public import Foundation
public import SecurityCore
public import StoreProtocols
public import ServiceLifecycle

/// A store that keeps everything several `tessera serve` instances must share: issued tokens
/// (``TokenStore``), security contexts (``SecurityContextStore``), replay entries
/// (``ReplayCache``) and revoked cookie contexts (``SecurityContextRevocationList``). A token record
/// and the replay entries of the request that asked for it are written in one transaction
/// (``ReplayRecordingTokenStore``).
/// ``SQLiteStore`` and ``PostgresStore`` are the two kinds.
///
/// Each is a ServiceLifecycle `Service`: put it in the application's `ServiceGroup` before the
/// services that use it (a group shuts its services down in reverse order, so the store outlives
/// the server).
///
/// `TokenStore` and `SecurityContextStore` both require `purge(expiredBefore:)`; one type
/// conforming to both has a single such method, and in these stores it purges every table and
/// returns the total. ``purgeExpired(before:)`` gives the count per table.
public protocol DurableStore: ReplayRecordingTokenStore, SecurityContextStore, ReplayCache, SecurityContextRevocationList, Service {
    /// Deletes tokens, contexts, replay entries and revocations that expired before `cutoff`.
    func purgeExpired(before cutoff: Date) async throws -> PurgeCounts
}

/// How many expired rows one purge deleted, per kind.
public struct PurgeCounts: Sendable, Hashable, CustomStringConvertible {
    public var tokens: Int
    public var contexts: Int
    public var replayEntries: Int
    /// Revocations of cookie contexts (``SecurityContextRevocationList``).
    public var revocations: Int

    public init(tokens: Int, contexts: Int, replayEntries: Int, revocations: Int = 0) {
        self.tokens = tokens
        self.contexts = contexts
        self.replayEntries = replayEntries
        self.revocations = revocations
    }

    public var total: Int { tokens + contexts + replayEntries + revocations }

    public var description: String { "\(tokens) tokens, \(contexts) contexts, \(replayEntries) replay entries, \(revocations) revocations" }
}
