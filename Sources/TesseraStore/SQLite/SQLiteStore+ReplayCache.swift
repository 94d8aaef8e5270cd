public import Foundation
import GRDB
import SecurityCore

// MARK: ReplayCache
extension SQLiteStore {
    /// Records SHA-256(`value`) until `expiry`; false when it is recorded and unexpired
    /// (`expires > now`). An expired entry for the same value counts as absent and is replaced,
    /// in the same statement (`INSERT … ON CONFLICT DO UPDATE … WHERE expires <= now`).
    public func insertIfAbsent(_ value: [UInt8], expiry: Date, now: Date) async throws -> Bool {
        try await change("replay insert", sql: Self.replayInsertSQL, arguments: Self.replayInsertArguments(value, expiry: expiry, now: now)) == 1
    }

    /// Whether SHA-256(`value`) is recorded and unexpired; writes nothing.
    public func isRecorded(_ value: [UInt8], now: Date) async throws -> Bool {
        do {
            return try isRecordedOnCallingThread(Data(ReplayDigest.of(value)), now: try StoreTime.microseconds(now))
        } catch {
            throw Self.storeError(error, "replay read")
        }
    }

    /// On the calling thread, as single-statement writes are: a reader of the WAL pool waits for
    /// no writer, and the query is one index probe. One statement reads one snapshot, so it
    /// needs no `BEGIN … COMMIT` around it.
    private func isRecordedOnCallingThread(_ digest: Data, now: Int64) throws -> Bool {
        try pool.unsafeRead { db in
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM replay_entries WHERE digest = ? AND expires_us > ?)"),
                arguments: [digest, now]) ?? false
        }
    }

    /// Inserts a digest, or replaces its expired entry; changes no row when it is unexpired.
    static let replayInsertSQL = """
        INSERT INTO replay_entries (digest, expires_us) VALUES (?, ?)
        ON CONFLICT (digest) DO UPDATE SET expires_us = excluded.expires_us
        WHERE replay_entries.expires_us <= ?
        """

    static func replayInsertArguments(_ value: [UInt8], expiry: Date, now: Date) throws -> StatementArguments {
        [Data(ReplayDigest.of(value)), try StoreTime.microseconds(expiry), try StoreTime.microseconds(now)]
    }
}
