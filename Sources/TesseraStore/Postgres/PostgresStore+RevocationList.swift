public import Foundation
import PostgresNIO
import StoreProtocols

// MARK: SecurityContextRevocationList
extension PostgresStore {
    /// Records that `identifier` (every instance when `instance` is nil, else that instance) is
    /// revoked until `expiry`, for every instance sharing the schema. A later revocation of the
    /// same key keeps the later expiry. The row is purged with the other expired rows.
    public func revoke(identifier: String, instance: String?, until expiry: Date) async throws {
        let expires = try StoreTime.microseconds(expiry)
        let key = RevokedInstance.key(instance)
        try await perform("revoke context") { [schema] client, logger in
            _ = try await client.query(
                """
                INSERT INTO \(unescaped: schema).revoked_contexts AS existing (identifier, instance, expires_us)
                VALUES (\(identifier), \(key), \(expires))
                ON CONFLICT (identifier, instance) DO UPDATE SET expires_us = greatest(existing.expires_us, EXCLUDED.expires_us)
                """, logger: logger)
        }
    }

    /// Whether a revocation of the whole context, or of `instance`, is in force at `now`.
    /// Throws (``StoreError``) when the database cannot answer: the caller refuses the message then.
    public func isRevoked(identifier: String, instance: String?, now: Date) async throws -> Bool {
        let now = try StoreTime.microseconds(now)
        let key = RevokedInstance.key(instance)
        return try await perform("read revocations") { [schema] client, logger in
            try await Self.hasRow(
                client.query(
                    """
                    SELECT 1 FROM \(unescaped: schema).revoked_contexts
                    WHERE identifier = \(identifier) AND instance IN ('', \(key)) AND expires_us > \(now)
                    LIMIT 1
                    """, logger: logger))
        }
    }
}
