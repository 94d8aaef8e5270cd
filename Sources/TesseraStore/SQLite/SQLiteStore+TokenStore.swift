public import Foundation
import GRDB
public import StoreProtocols

// MARK: TokenStore
extension SQLiteStore {
    /// Records a new token; refuses (``StoreError/Code-swift.struct/duplicateRecord``) an id
    /// already recorded. Returns after the commit (see the durability note on ``SQLiteStore``).
    public func insert(_ record: IssuedTokenRecord) async throws {
        let token = try Self.tokenInsertValues(record)
        let inserted = try await withIssuanceStatements("insert token") { statements, db in
            try statements.tokenInsert.run(token, in: db)
            return db.changesCount == 1
        }
        guard inserted else { throw StoreError(.duplicateRecord, "token \(record.id) is already recorded") }
    }

    /// One `BEGIN IMMEDIATE … COMMIT`: each entry's `INSERT … ON CONFLICT DO UPDATE … WHERE
    /// expired`, then the token's insert; rolled back at the first entry that changes no row
    /// (recorded and unexpired) or when the token id is already recorded. SQLite has one writer
    /// per database file, so two such transactions never interleave.
    public func insert(_ record: IssuedTokenRecord, recording entries: [ReplayEntry], now: Date) async throws -> ReplayCheckedInsert {
        let token = try Self.tokenInsertValues(record)
        let replays = try entries.map { try Self.replayInsertValues($0.value, expiry: $0.expiry, now: now) }
        let id = record.id
        return try await transaction("insert token with replay entries") { statements, db in
            for (index, values) in replays.enumerated() {
                try statements.replayInsert.run(values, in: db)
                if db.changesCount != 1 { return (.replayed(entryIndex: index), .rollback) }
            }
            try statements.tokenInsert.run(token, in: db)
            guard db.changesCount == 1 else {
                throw StoreError(.duplicateRecord, "token \(id) is already recorded")
            }
            return (.recorded, .commit)
        }
    }

    static let tokenInsertSQL = """
        INSERT INTO issued_tokens
            (id, token_type, subject, requestor, applies_to, relying_party, created_us, expires_us, status, renewable, renewable_after_expiry, renewed_from)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO NOTHING
        """

    /// The checked record's columns, in ``tokenInsertSQL``'s order.
    static func tokenInsertValues(_ record: IssuedTokenRecord) throws -> [PreparedStatement.Value] {
        try StoreLimits.check(record)
        return [
            .text(record.id), .text(record.tokenType), .text(record.subject), .text(record.requestor),
            record.appliesTo.map { .text($0) } ?? .null, record.relyingParty.map { .text($0) } ?? .null,
            .integer(try StoreTime.microseconds(record.created)), .integer(try StoreTime.microseconds(record.expires)),
            .text(record.status.rawValue), .integer(record.renewable ? 1 : 0), .integer(record.renewableAfterExpiry ? 1 : 0),
            record.renewedFrom.map { .text($0) } ?? .null,
        ]
    }

    public func record(id: String) async throws -> IssuedTokenRecord? {
        try await read("read token") { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM issued_tokens WHERE id = ?"), arguments: [id]) else {
                return nil
            }
            return try IssuedTokenRecord(
                id: row.decode(forColumn: "id"),
                tokenType: row.decode(forColumn: "token_type"),
                subject: row.decode(forColumn: "subject"),
                requestor: row.decode(forColumn: "requestor"),
                appliesTo: row.decode(forColumn: "applies_to"),
                relyingParty: row.decode(forColumn: "relying_party"),
                created: StoreTime.date(row.decode(forColumn: "created_us")),
                expires: StoreTime.date(row.decode(forColumn: "expires_us")),
                status: StoredStatus.token(row.decode(forColumn: "status")),
                renewable: row.decode(forColumn: "renewable"),
                renewableAfterExpiry: row.decode(forColumn: "renewable_after_expiry"),
                renewedFrom: row.decode(forColumn: "renewed_from"))
        }
    }

    /// `UPDATE … WHERE id = ? AND status = expected`: of two concurrent transitions from the same
    /// status, exactly one changes the row and returns true.
    public func transition(id: String, from expected: IssuedTokenRecord.Status, to status: IssuedTokenRecord.Status) async throws -> Bool {
        try await change(
            "transition token", sql: "UPDATE issued_tokens SET status = ? WHERE id = ? AND status = ?",
            arguments: [status.rawValue, id, expected.rawValue]) == 1
    }
}
