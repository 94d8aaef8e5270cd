public import Foundation
public import Logging
import PostgresNIO
import ServiceLifecycle
import StoreProtocols
import Synchronization

/// Tokens, security contexts, replay entries and context revocations in PostgreSQL, shared by every `tessera serve`
/// instance that points at the same database and schema. Built on postgres-nio's
/// `PostgresClient` (a connection pool).
///
/// **Starting and stopping.** The store is a ServiceLifecycle `Service`: add it to the
/// application's `ServiceGroup` ahead of the services that use it, or run `try await store.run()`
/// in a task of your own. `run()` runs the client's pool, creates or migrates the schema (left
/// untouched when already at the current version), then keeps running until graceful shutdown
/// or cancellation, when it closes the pool and returns, also while the schema transaction
/// waits for a lock. Starts of one schema serialize on an advisory lock of that schema; starts
/// of other schemas do not wait for them. Calls made before the schema exists wait for it; calls
/// after `run()` ended, or after schema creation failed, throw ``StoreError``. `run()` may be
/// called once.
///
/// **Atomicity.** Transitions are `UPDATE … WHERE status = expected`; replay inserts are one
/// `INSERT … ON CONFLICT DO UPDATE … WHERE expires <= now` that treats an expired entry as
/// absent; duplicate token ids are refused by `ON CONFLICT DO NOTHING`. Each call is one
/// statement committed before it returns, so what one instance acknowledged every other sees.
///
/// Secrets are sealed as in ``SQLiteStore`` (every instance needs the same ``MasterKey``);
/// replay entries are SHA-256 digests; times are microseconds since 1970.
public final class PostgresStore: DurableStore {
    /// The schema used unless another is configured.
    public static let defaultSchema = "tessera"

    public let location: PostgresLocation
    /// The PostgreSQL schema holding the tables.
    public let schema: String
    let client: PostgresClient
    let sealer: ContextSecretSealer
    let logger: Logger
    let readiness = ReadinessGate()
    private let started = Atomic<Bool>(false)

    /// A store for `location`, its tables in `schema` (`[a-z_][a-z0-9_]*`, at most 63 bytes).
    /// Nothing connects until ``run()``.
    public init(
        location: PostgresLocation, schema: String = PostgresStore.defaultSchema, masterKey: MasterKey,
        maximumConnections: Int = 20, logger: Logger = Logger(label: "tessera.store.postgres")
    ) throws {
        self.location = location
        self.schema = try PostgresSchema.validatedName(schema)
        sealer = ContextSecretSealer(masterKey: masterKey)
        self.logger = logger
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: Self.tls(location.tls))
        configuration.options.maximumConnections = max(1, maximumConnections)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Runs the connection pool, creates the schema, and returns at graceful shutdown or
    /// cancellation. Throws when schema creation fails (the server is unreachable, the schema is
    /// a newer Tessera's) or when called a second time.
    public func run() async throws {
        guard !started.exchange(true, ordering: .relaxed) else {
            throw StoreError(.alreadyRunning, "PostgresStore.run() was already called")
        }
        defer { readiness.close(StoreError(.unavailable, "the PostgreSQL store has stopped")) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            do {
                try await createSchema()
            } catch {
                let failure = Self.storeError(error, "create schema \(schema)")
                readiness.close(failure)
                group.cancelAll()
                throw failure
            }
            logger.info("PostgreSQL store ready", metadata: ["location": "\(location)", "schema": "\(schema)"])
            readiness.open()
            try await group.waitForAll()
        }
    }

    /// How many times creating or migrating the schema is tried before the store gives up.
    static let schemaAttempts = 5

    /// Creates or migrates the schema; a failure that is not the schema's own (a connection that
    /// could not be made yet, a transaction PostgreSQL rolled back under other sessions' load, a
    /// table lock not granted within ``PostgresSchema/lockTimeoutMilliseconds``) is tried again
    /// after 0.25, 0.5, 1 and 2 s, so an instance started beside others, or while the database
    /// is still coming up, becomes ready instead of refusing every request.
    private func createSchema() async throws {
        var attempt = 1
        while true {
            do {
                try await PostgresSchema.create(schema, client: client, logger: logger)
                return
            } catch {
                // The schema's own refusals (written by a newer Tessera, say) are final.
                let failure = Self.storeError(error, "create schema \(schema)")
                guard failure.code == .unavailable, attempt < Self.schemaAttempts, !Task.isCancelled else { throw failure }
                logger.warning(
                    "creating the PostgreSQL schema failed; trying again",
                    metadata: ["schema": "\(schema)", "attempt": "\(attempt)", "error": "\(failure)"])
                try await Task.sleep(for: .milliseconds(250 << (attempt - 1)))
                attempt += 1
            }
        }
    }

    public func purgeExpired(before cutoff: Date) async throws -> PurgeCounts {
        let cutoff = try StoreTime.microseconds(cutoff)
        return try await perform("purge") { [schema] client, logger in
            func purge(_ table: String) async throws -> Int {
                let rows = try await client.query(
                    "WITH deleted AS (DELETE FROM \(unescaped: schema).\(unescaped: table) WHERE expires_us < \(cutoff) RETURNING 1) SELECT count(*) FROM deleted",
                    logger: logger)
                var count = 0
                for try await value in rows.decode(Int64.self) { count = Int(value) }
                return count
            }
            return PurgeCounts(
                tokens: try await purge("issued_tokens"), contexts: try await purge("security_contexts"),
                replayEntries: try await purge("replay_entries"), revocations: try await purge("revoked_contexts"))
        }
    }

    /// Purges tokens, contexts, replay entries and revocations alike (the requirement `TokenStore` and
    /// `SecurityContextStore` share); returns the total. See ``purgeExpired(before:)``.
    public func purge(expiredBefore cutoff: Date) async throws -> Int {
        try await purgeExpired(before: cutoff).total
    }

    // MARK: Access with errors mapped

    /// Waits until the schema exists, runs `body`, and maps its errors to ``StoreError``.
    func perform<T>(_ what: String, _ body: (PostgresClient, Logger) async throws -> T) async throws -> T {
        do {
            try await readiness.wait()
            return try await body(client, logger)
        } catch {
            throw Self.storeError(error, what)
        }
    }

    /// Whether `rows` has at least one row (consuming it).
    static func hasRow(_ rows: PostgresRowSequence) async throws -> Bool {
        var found = false
        for try await _ in rows { found = true }
        return found
    }

    /// How many times a transaction PostgreSQL rolled back as a deadlock victim or a
    /// serialization failure is run in all.
    static let transactionAttempts = 4

    /// Whether PostgreSQL rolled the transaction back as a deadlock victim (SQLSTATE 40P01) or a
    /// serialization failure (40001), which running it again resolves.
    static func isRetryable(_ error: PostgresTransactionError) -> Bool {
        guard let cause = (error.beginError ?? error.closureError ?? error.commitError) as? PSQLError else { return false }
        return ["40P01", "40001"].contains(cause.serverInfo?[.sqlState] ?? "")
    }

    static func storeError(_ error: any Error, _ what: String) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as PostgresTransactionError:
            // The first failure is the one to report: BEGIN, then the work, then COMMIT.
            guard let cause = error.beginError ?? error.closureError ?? error.commitError else {
                return StoreError(.unavailable, "PostgreSQL \(what) failed: the transaction failed")
            }
            return storeError(cause, what)
        case let error as PSQLError:
            if let message = error.serverInfo?[.message] {
                return StoreError(.unavailable, "PostgreSQL \(what) failed: \(error.serverInfo?[.sqlState] ?? "") \(message)")
            }
            return StoreError(.unavailable, "PostgreSQL \(what) failed: \(error.code)")
        case let error as PostgresDecodingError:
            return StoreError(.corruptRecord, "PostgreSQL \(what): column \(error.columnName) has an unexpected type (\(error.code))")
        case is CancellationError:
            return StoreError(.unavailable, "PostgreSQL \(what) was cancelled")
        default:
            return StoreError(.unavailable, "PostgreSQL \(what) failed: \(type(of: error))")
        }
    }

    private static func tls(_ mode: PostgresLocation.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }
}
