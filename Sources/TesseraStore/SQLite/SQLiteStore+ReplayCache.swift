public import Foundation
import GRDB
import SecurityCore

// MARK: ReplayCache
extension SQLiteStore {
    /// Records SHA-256(`value`) until `expiry`; false when it is recorded and unexpired
    /// (`expires > now`). An expired entry for the same value counts as absent and is replaced,
    /// in the same statement (`INSERT … ON CONFLICT DO UPDATE … WHERE expires <= now`).
    public func insertIfAbsent(_ value: [UInt8], expiry: Date, now: Date) async throws -> Bool {
        let values = try Self.replayInsertValues(value, expiry: expiry, now: now)
        return try await withIssuanceStatements("replay insert") { statements, db in
            try statements.replayInsert.run(values, in: db)
            return db.changesCount == 1
        }
    }

    /// Whether SHA-256(`value`) is recorded and unexpired; writes nothing.
    ///
    /// With ``Durability-swift.enum/processCrash`` the query runs on the writer connection, on
    /// the calling thread, as writes do (see ``writeWithoutTransaction(_:_:)``): the
    /// writer is held for one index probe, and it answers without the reader pool's costs on
    /// every read (a hop through the pool's queue and a schema-version check: two thirds of the
    /// read's instructions). With ``Durability-swift.enum/powerLoss`` the writer may be waiting
    /// for an `fsync`, so the query goes to a reader of the WAL pool, which waits for no writer.
    /// Either connection sees every committed entry, and one statement reads one snapshot, so it
    /// needs no `BEGIN … COMMIT` around it.
    public func isRecorded(_ value: [UInt8], now: Date) async throws -> Bool {
        do {
            return try isRecordedOnCallingThread(ReplayDigest.of(value), now: try StoreTime.microseconds(now))
        } catch {
            throw Self.storeError(error, "replay read")
        }
    }

    private func isRecordedOnCallingThread(_ digest: [UInt8], now: Int64) throws -> Bool {
        switch durability {
        case .processCrash:
            let statements = issuanceStatements
            return try pool.writeWithoutTransaction { db in
                try statements.statements(in: db).replayRead.run([.blob(digest), .integer(now)], in: db) == 1
            }
        case .powerLoss:
            return try pool.unsafeRead { db in
                try Bool.fetchOne(db.cachedStatement(sql: Self.replayReadSQL), arguments: [Data(digest), now]) ?? false
            }
        }
    }

    /// Whether a digest is recorded and unexpired: one row, 1 or 0.
    static let replayReadSQL = "SELECT EXISTS (SELECT 1 FROM replay_entries WHERE digest = ? AND expires_us > ?)"

    /// Inserts a digest, or replaces its expired entry; changes no row when it is unexpired.
    static let replayInsertSQL = """
        INSERT INTO replay_entries (digest, expires_us) VALUES (?, ?)
        ON CONFLICT (digest) DO UPDATE SET expires_us = excluded.expires_us
        WHERE replay_entries.expires_us <= ?
        """

    static func replayInsertValues(_ value: [UInt8], expiry: Date, now: Date) throws -> [PreparedStatement.Value] {
        [.blob(ReplayDigest.of(value)), .integer(try StoreTime.microseconds(expiry)), .integer(try StoreTime.microseconds(now))]
    }
}
