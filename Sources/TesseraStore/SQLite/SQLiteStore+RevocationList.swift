public import Foundation
import GRDB
import StoreProtocols

// MARK: SecurityContextRevocationList
extension SQLiteStore {
    /// Records that `identifier` (every instance when `instance` is nil, else that instance) is
    /// revoked until `expiry`, for every process sharing the file. A later revocation of the same
    /// key keeps the later expiry. The row is purged with the other expired rows.
    public func revoke(identifier: String, instance: String?, until expiry: Date) async throws {
        let expires = try StoreTime.microseconds(expiry)
        _ = try await change(
            "revoke context",
            sql: """
                INSERT INTO revoked_contexts (identifier, instance, expires_us) VALUES (?, ?, ?)
                ON CONFLICT (identifier, instance) DO UPDATE SET expires_us = max(revoked_contexts.expires_us, excluded.expires_us)
                """, arguments: [identifier, RevokedInstance.key(instance), expires])
    }

    /// Whether a revocation of the whole context, or of `instance`, is in force at `now`.
    /// Throws (``StoreError``) when the file cannot be read: the caller refuses the message then.
    public func isRevoked(identifier: String, instance: String?, now: Date) async throws -> Bool {
        let now = try StoreTime.microseconds(now)
        return try await read("read revocations") { db in
            try Bool.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM revoked_contexts
                                       WHERE identifier = ? AND instance IN ('', ?) AND expires_us > ?)
                        """), arguments: [identifier, RevokedInstance.key(instance), now]) ?? false
        }
    }
}

/// How the revocation tables key a revocation: `''` stands for every instance of the context
/// (the primary key needs a value; a real `wsc:Instance` is never empty: the token parser refuses one).
enum RevokedInstance {
    static func key(_ instance: String?) -> String {
        instance ?? ""
    }
}
