import PostgresNIO
@testable import TesseraStore

/// A transaction of `store` that holds locks until released: table locks, as an instance's
/// issuance transaction holds them while it writes, or a schema's advisory lock, as a start
/// holds it while it creates or migrates the tables.
struct LockHolder {
    /// What a store's start came to first.
    enum StartOutcome: Sendable {
        /// The store became ready.
        case ready
        /// A session waited for one of this transaction's locks.
        case blocked
    }

    private let store: PostgresStore
    /// The process id of the transaction's PostgreSQL backend.
    private let backend: Int32
    private let release: AsyncStream<Void>.Continuation
    private let transaction: Task<Void, any Error>

    /// Returns once `statement` has taken its locks in a new transaction; throws when they are
    /// not granted within a minute (`lock_timeout`).
    init(_ store: PostgresStore, taking statement: PostgresQuery) async throws {
        let (held, holding) = AsyncStream<Int32>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        self.store = store
        self.release = release
        transaction = Task {
            defer { holding.finish() }
            try await store.client.withTransaction(logger: store.logger) { connection in
                try await connection.query("SET LOCAL lock_timeout = 60000", logger: store.logger)
                try await connection.query(statement, logger: store.logger)
                var backend: Int32 = 0
                for try await pid in try await connection.query("SELECT pg_backend_pid()", logger: store.logger).decode(Int32.self) {
                    backend = pid
                }
                holding.yield(backend)
                for await _ in released {}
            }
        }
        var backend: Int32?
        for await pid in held {
            backend = pid
            break
        }
        guard let backend else {
            try await transaction.value
            throw HarnessError.timedOut("\(statement.sql)")
        }
        self.backend = backend
    }

    /// Returns once `tables` (a `LOCK TABLE` list) are locked in `mode` (`ROW EXCLUSIVE`, …).
    init(_ store: PostgresStore, locking tables: String, in mode: String) async throws {
        try await self.init(store, taking: PostgresQuery(unsafeSQL: "LOCK TABLE \(tables) IN \(mode) MODE"))
    }

    /// How many sessions wait for a lock this transaction holds.
    func blockedSessions() async throws -> Int {
        let rows = try await store.client.query("SELECT count(*) FROM pg_stat_activity WHERE \(backend) = ANY(pg_blocking_pids(pid))")
        var count: Int64 = 0
        for try await value in rows.decode(Int64.self) { count = value }
        return Int(count)
    }

    /// Whether `starting` became ready or a session waited for this transaction's locks first;
    /// nil when neither happened within `limit`. Asks PostgreSQL, so a start that waits for
    /// these locks is caught at once, however long it would go on waiting.
    func readinessOrBlocking(of starting: PostgresStore, within limit: Duration) async -> Result<StartOutcome, any Error>? {
        let ready = Task<StartOutcome, any Error> {
            try await starting.readiness.wait()
            return .ready
        }
        let blocked = Task<StartOutcome, any Error> {
            while try await blockedSessions() == 0 { try await Task.sleep(for: .milliseconds(20)) }
            return .blocked
        }
        return await firstOutcome(of: [ready, blocked], within: limit)
    }

    /// Ends the transaction (committing it) and waits for it to end, at most
    /// ``PostgresTesting/patience``.
    func release() async throws {
        release.finish()
        guard let ended = await outcome(of: transaction, within: PostgresTesting.patience) else {
            throw HarnessError.timedOut("the transaction holding the locks")
        }
        try ended.get()
    }
}
