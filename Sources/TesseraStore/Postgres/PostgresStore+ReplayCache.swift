public import Foundation
import PostgresNIO
import SecurityCore

// MARK: ReplayCache
extension PostgresStore {
    /// Records SHA-256(`value`) until `expiry` for every instance; false when it is recorded and
    /// unexpired (`expires > now`). One statement: an expired entry is replaced as if absent, and
    /// of two instances inserting the same value at once exactly one gets true.
    public func insertIfAbsent(_ value: [UInt8], expiry: Date, now: Date) async throws -> Bool {
        let query = replayInsert(value, expires: try StoreTime.microseconds(expiry), now: try StoreTime.microseconds(now))
        return try await perform("replay insert") { client, logger in
            try await Self.hasRow(client.query(query, logger: logger))
        }
    }

    /// Whether SHA-256(`value`) is recorded and unexpired for any instance; writes nothing.
    public func isRecorded(_ value: [UInt8], now: Date) async throws -> Bool {
        let digest = ReplayDigest.of(value)
        let now = try StoreTime.microseconds(now)
        return try await perform("replay read") { [schema] client, logger in
            try await Self.hasRow(
                client.query(
                    "SELECT 1 FROM \(unescaped: schema).replay_entries WHERE digest = \(ByteBuffer(bytes: digest)) AND expires_us > \(now)",
                    logger: logger))
        }
    }

    /// Inserts SHA-256(`value`), or replaces its expired entry; returns a row only then. Two
    /// instances inserting the same digest meet on the primary key: the second waits for the
    /// first's transaction and then sees its entry.
    func replayInsert(_ value: [UInt8], expires: Int64, now: Int64) -> PostgresQuery {
        """
        INSERT INTO \(unescaped: schema).replay_entries AS existing (digest, expires_us)
        VALUES (\(ByteBuffer(bytes: ReplayDigest.of(value))), \(expires))
        ON CONFLICT (digest) DO UPDATE SET expires_us = EXCLUDED.expires_us
        WHERE existing.expires_us <= \(now)
        RETURNING 1
        """
    }
}
