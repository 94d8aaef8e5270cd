public import Foundation

/// What a stateless (cookie) service consults so that Cancel works although the context itself
/// travels with the client: the cancelled contexts, and the instances a renewal replaced, each
/// remembered until the cookie it revokes would have expired anyway. Instances that share
/// cookie keys must share the list; TesseraStore implements it durably.
public protocol SecurityContextRevocationList: Sendable {
    /// Revokes every instance of `identifier` (instance nil) or just one, until `expiry`.
    func revoke(identifier: String, instance: String?, until expiry: Date) async throws
    /// Whether `identifier`/`instance` is revoked at `now` (by a revocation of the whole context
    /// or of that instance). Throws when the list cannot answer; callers refuse the message then.
    func isRevoked(identifier: String, instance: String?, now: Date) async throws -> Bool
}
