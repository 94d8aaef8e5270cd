public import Foundation
import GRDB
import SecurityCore

// MARK: ReplayCache
extension SQLiteStore {
    /// Records SHA-256(`value`) until `expiry`; false when it is recorded and unexpired
    /// (`expires > now`). An expired entry for the same value counts as absent and is replaced,
    /// in the same statement (`INSERT … ON CONFLICT DO UPDATE … WHERE expires <= now`).
    public func insertIfAbsent(_ value: [UInt8], expiry: Date, now: Date) async throws -> Bool {
        let digest = Data(ReplayDigest.of(value))
        let expires = try StoreTime.microseconds(expiry)
        let now = try StoreTime.microseconds(now)
        return try await change(
            "replay insert",
            sql: """
                INSERT INTO replay_entries (digest, expires_us) VALUES (?, ?)
                ON CONFLICT (digest) DO UPDATE SET expires_us = excluded.expires_us
                WHERE replay_entries.expires_us <= ?
                """, arguments: [digest, expires, now]) == 1
    }
}
