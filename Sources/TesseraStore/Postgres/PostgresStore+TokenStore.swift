public import Foundation
import PostgresNIO
public import StoreProtocols

// MARK: TokenStore
extension PostgresStore {
    /// Records a new token; refuses (``StoreError/Code-swift.struct/duplicateRecord``) an id any
    /// instance already recorded.
    public func insert(_ record: IssuedTokenRecord) async throws {
        let query = try tokenInsert(record)
        let inserted = try await perform("insert token") { client, logger in
            try await Self.hasRow(client.query(query, logger: logger))
        }
        guard inserted else { throw StoreError(.duplicateRecord, "token \(record.id) is already recorded") }
    }

    /// One transaction: each entry's `INSERT … ON CONFLICT DO UPDATE … WHERE expired`, then the
    /// token's insert; rolled back at the first entry that returns no row (recorded and
    /// unexpired, by this instance or another: the primary key on the digest decides) or when
    /// the token id is already recorded.
    public func insert(_ record: IssuedTokenRecord, recording entries: [ReplayEntry], now: Date) async throws -> ReplayCheckedInsert {
        let token = try tokenInsert(record)
        let now = try StoreTime.microseconds(now)
        let replays = try entries.map { replayInsert($0.value, expires: try StoreTime.microseconds($0.expiry), now: now) }
        return try await perform("insert token with replay entries") { client, logger in
            var attempt = 1
            while true {
                do {
                    try await client.withTransaction(logger: logger) { connection in
                        for (index, query) in replays.enumerated() {
                            guard try await Self.hasRow(connection.query(query, logger: logger)) else { throw LiveReplayEntry(index: index) }
                        }
                        guard try await Self.hasRow(connection.query(token, logger: logger)) else {
                            throw StoreError(.duplicateRecord, "token \(record.id) is already recorded")
                        }
                    }
                    return .recorded
                } catch let error as PostgresTransactionError {
                    // Rolled back (or never committed, which PostgreSQL undoes with the session).
                    if let live = error.closureError as? LiveReplayEntry { return .replayed(entryIndex: live.index) }
                    // Concurrent inserts of one digest can deadlock in PostgreSQL's speculative
                    // insertion; the victim's transaction was rolled back whole, so it runs again
                    // and then finds the winner's entry.
                    guard Self.isRetryable(error), attempt < Self.transactionAttempts else { throw error }
                    attempt += 1
                }
            }
        }
    }

    /// The insert of a checked record, changing nothing when its id is recorded.
    private func tokenInsert(_ record: IssuedTokenRecord) throws -> PostgresQuery {
        try StoreLimits.check(record)
        let created = try StoreTime.microseconds(record.created)
        let expires = try StoreTime.microseconds(record.expires)
        return """
            INSERT INTO \(unescaped: schema).issued_tokens
                (id, token_type, subject, requestor, applies_to, relying_party, created_us, expires_us, status, renewable, renewable_after_expiry, renewed_from)
            VALUES (\(record.id), \(record.tokenType), \(record.subject), \(record.requestor), \(record.appliesTo),
                    \(record.relyingParty), \(created), \(expires), \(record.status.rawValue), \(record.renewable), \(record.renewableAfterExpiry),
                    \(record.renewedFrom))
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """
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

/// Ends a transaction whose replay entry at `index` is recorded and unexpired.
private struct LiveReplayEntry: Error {
    let index: Int
}
