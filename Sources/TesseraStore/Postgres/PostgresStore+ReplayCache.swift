public import Foundation
import PostgresNIO
import SecurityCore

// MARK: ReplayCache
extension PostgresStore {
    /// Records SHA-256(`value`) until `expiry` for every instance; false when it is recorded and
    /// unexpired (`expires > now`). One statement: an expired entry is replaced as if absent, and
    /// of two instances inserting the same value at once exactly one gets true.
    public func insertIfAbsent(_ value: [UInt8], expiry: Date, now: Date) async throws -> Bool {
        let digest = ReplayDigest.of(value)
        let expires = try StoreTime.microseconds(expiry)
        let now = try StoreTime.microseconds(now)
        return try await perform("replay insert") { [schema] client, logger in
            try await Self.hasRow(
                client.query(
                    """
                    INSERT INTO \(unescaped: schema).replay_entries AS existing (digest, expires_us)
                    VALUES (\(ByteBuffer(bytes: digest)), \(expires))
                    ON CONFLICT (digest) DO UPDATE SET expires_us = EXCLUDED.expires_us
                    WHERE existing.expires_us <= \(now)
                    RETURNING 1
                    """, logger: logger))
        }
    }
}
