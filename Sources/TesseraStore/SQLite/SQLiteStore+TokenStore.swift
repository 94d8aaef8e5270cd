import Foundation
import GRDB
public import StoreProtocols

// MARK: TokenStore
extension SQLiteStore {
    /// Records a new token; refuses (``StoreError/Code-swift.struct/duplicateRecord``) an id
    /// already recorded. Returns after the commit (see the durability note on ``SQLiteStore``).
    public func insert(_ record: IssuedTokenRecord) async throws {
        try StoreLimits.check(record)
        let arguments: StatementArguments = [
            record.id, record.tokenType, record.subject, record.requestor, record.appliesTo, record.relyingParty,
            try StoreTime.microseconds(record.created), try StoreTime.microseconds(record.expires),
            record.status.rawValue, record.renewable, record.renewableAfterExpiry, record.renewedFrom,
        ]
        let inserted =
            try await change(
                "insert token",
                sql: """
                    INSERT INTO issued_tokens
                        (id, token_type, subject, requestor, applies_to, relying_party, created_us, expires_us, status, renewable, renewable_after_expiry, renewed_from)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """, arguments: arguments) == 1
        guard inserted else { throw StoreError(.duplicateRecord, "token \(record.id) is already recorded") }
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
