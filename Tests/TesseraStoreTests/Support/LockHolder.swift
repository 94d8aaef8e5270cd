import PostgresNIO
@testable import TesseraStore

/// A transaction of `store` that holds table locks until released, as an instance's issuance
/// transaction holds them while it writes.
struct LockHolder {
    private let store: PostgresStore
    private let release: AsyncStream<Void>.Continuation
    private let transaction: Task<Void, any Error>

    /// Returns once `tables` (a `LOCK TABLE` list) are locked in `mode` (`ROW EXCLUSIVE`, …).
    init(_ store: PostgresStore, locking tables: String, in mode: String) async throws {
        let (held, holding) = AsyncStream<Void>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        self.store = store
        self.release = release
        transaction = Task {
            defer { holding.finish() }
            try await store.client.withTransaction(logger: store.logger) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "LOCK TABLE \(tables) IN \(mode) MODE"), logger: store.logger)
                holding.yield()
                for await _ in released {}
            }
        }
        var locked = false
        for await _ in held {
            locked = true
            break
        }
        if !locked {
            try await transaction.value
            throw HarnessError.timedOut("LOCK TABLE \(tables)")
        }
    }

    /// Whether another session waits for a lock on `relation` (`schema.table`) within `limit`.
    func anotherSessionWaits(for relation: String, within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let rows = try await store.client.query("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = to_regclass(\(relation))")
            for try await count in rows.decode(Int64.self) where count > 0 { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Ends the transaction (committing it) and waits, at most 10 s, for it to end.
    func release() async throws {
        release.finish()
        guard let ended = await outcome(of: transaction, within: .seconds(10)) else {
            throw HarnessError.timedOut("the transaction holding the locks")
        }
        try ended.get()
    }
}
