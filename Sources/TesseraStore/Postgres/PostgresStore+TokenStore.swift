import Foundation
import PostgresNIO
public import StoreProtocols

// MARK: TokenStore
extension PostgresStore {
    /// Records a new token; refuses (``StoreError/Code-swift.struct/duplicateRecord``) an id any
    /// instance already recorded.
    public func insert(_ record: IssuedTokenRecord) async throws {
        try StoreLimits.check(record)
        let created = try StoreTime.microseconds(record.created)
        let expires = try StoreTime.microseconds(record.expires)
        let inserted = try await perform("insert token") { [schema] client, logger in
            try await Self.hasRow(
                client.query(
                    """
                    INSERT INTO \(unescaped: schema).issued_tokens
                        (id, token_type, subject, requestor, applies_to, relying_party, created_us, expires_us, status, renewable, renewable_after_expiry, renewed_from)
                    VALUES (\(record.id), \(record.tokenType), \(record.subject), \(record.requestor), \(record.appliesTo),
                            \(record.relyingParty), \(created), \(expires), \(record.status.rawValue), \(record.renewable), \(record.renewableAfterExpiry),
                            \(record.renewedFrom))
                    ON CONFLICT (id) DO NOTHING
                    RETURNING id
                    """, logger: logger))
        }
        guard inserted else { throw StoreError(.duplicateRecord, "token \(record.id) is already recorded") }
    }

    public func record(id: String) async throws -> IssuedTokenRecord? {
        try await perform("read token") { [schema] client, logger in
            let rows = try await client.query(
                """
                SELECT id, token_type, subject, requestor, applies_to, relying_party, created_us, expires_us, status, renewable, renewable_after_expiry, renewed_from
                FROM \(unescaped: schema).issued_tokens WHERE id = \(id)
                """, logger: logger)
            var found: IssuedTokenRecord?
            for try await (id, tokenType, subject, requestor, appliesTo, relyingParty, created, expires, status, renewable, afterExpiry, renewedFrom)
                in rows
                .decode((String, String, String, String, String?, String?, Int64, Int64, String, Bool, Bool, String?).self)
            {
                found = IssuedTokenRecord(
                    id: id, tokenType: tokenType, subject: subject, requestor: requestor, appliesTo: appliesTo,
                    relyingParty: relyingParty, created: StoreTime.date(created), expires: StoreTime.date(expires),
                    status: try StoredStatus.token(status), renewable: renewable, renewableAfterExpiry: afterExpiry, renewedFrom: renewedFrom)
            }
            return found
        }
    }

    /// `UPDATE … WHERE id = $id AND status = $expected`: PostgreSQL re-checks the condition after
    /// a concurrent update commits, so of two transitions from the same status exactly one wins,
    /// whichever instance makes them.
    public func transition(id: String, from expected: IssuedTokenRecord.Status, to status: IssuedTokenRecord.Status) async throws -> Bool {
        try await perform("transition token") { [schema] client, logger in
            try await Self.hasRow(
                client.query(
                    """
                    UPDATE \(unescaped: schema).issued_tokens SET status = \(status.rawValue)
                    WHERE id = \(id) AND status = \(expected.rawValue)
                    RETURNING id
                    """, logger: logger))
        }
    }
}
