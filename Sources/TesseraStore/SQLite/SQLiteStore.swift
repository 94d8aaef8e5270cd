public import Foundation
import GRDB
import ServiceLifecycle
import StoreProtocols

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tokens, security contexts, replay entries and context revocations in one SQLite file, through a GRDB
/// `DatabasePool` in WAL mode (one writer, concurrent readers). The default store of
/// `tessera serve`.
///
/// **Durability.** Every write is one transaction (a single statement in SQLite's autocommit
/// mode, or several in `BEGIN … COMMIT`), and a call returns only after it committed.
/// With ``Durability-swift.enum/processCrash`` (the default, `synchronous=NORMAL`) the commit is in
/// the WAL file through `write(2)` before the call returns: it survives the process crashing or
/// being killed with `kill -9`, since the kernel holds the written pages. It does *not* survive
/// the machine losing power or the kernel crashing before the next WAL checkpoint syncs the file:
/// the last acknowledged transactions can be lost then (the database stays consistent: never a
/// torn write). ``Durability-swift.enum/powerLoss`` (`synchronous=FULL`) syncs the WAL on every
/// commit and survives power loss too, at the cost of one `fsync` per write; writes are
/// serialized, so that caps them at 1/fsync-latency (about 7 ms on the development VM: some 140
/// writes per second, far below the STS's issuance rate). Hence the default. Batched saves
/// (``save(contentsOf:)``) pay one `fsync` per batch.
///
/// Files: the database is created with mode 0600 (SQLite gives its `-wal` and `-shm` files the
/// same mode). Context secrets are sealed under the ``MasterKey`` (see ``ContextSecretSealer``);
/// replay entries are SHA-256 digests. The schema is migrated on open; a database written by a
/// newer Tessera is refused (``StoreError/Code-swift.struct/incompatibleSchema``).
///
/// Several processes may open the same file (SQLite locks it; writers wait up to 5 seconds), but
/// instances on different machines need ``PostgresStore``.
public final class SQLiteStore: DurableStore {
    /// What an acknowledged write survives.
    public enum Durability: Sendable, Hashable {
        /// `synchronous=NORMAL`: survives a process crash or `kill -9`, not a power loss.
        case processCrash
        /// `synchronous=FULL`: survives power loss as well; one `fsync` per write.
        case powerLoss
    }

    /// The database file.
    public let path: String
    public let durability: Durability
    let pool: DatabasePool
    let sealer: ContextSecretSealer
    /// The writer connection's statements for each issuance (``SQLiteIssuanceStatements``).
    let issuanceStatements = SQLiteIssuanceStatements()

    /// Opens (creating when missing) the database at `path` and migrates its schema. The parent
    /// directory must exist.
    public init(path: String, masterKey: MasterKey, durability: Durability = .processCrash) throws {
        self.path = path
        self.durability = durability
        sealer = ContextSecretSealer(masterKey: masterKey)
        try Self.createPrivately(path)
        var configuration = Configuration()
        configuration.label = "TesseraStore"
        configuration.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets synchronous=NORMAL on the writer when it enables WAL; FULL is set after.
            if durability == .powerLoss {
                try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            }
            let migrator = SQLiteSchema.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError(.incompatibleSchema, "\(path) was written by a newer Tessera (unknown migrations)")
            }
            try migrator.migrate(pool)
        } catch {
            throw Self.storeError(error, "open \(path)")
        }
    }

    /// SQLite needs no background task: this waits for graceful shutdown (or cancellation) and
    /// returns, so that either store kind goes into a `ServiceGroup` the same way.
    public func run() async throws {
        try? await gracefulShutdown()
    }

    /// Deletes the rows that expired before `cutoff`, a bounded number of rows per transaction,
    /// so that a large purge never holds the writer for long (single-statement writes wait for it
    /// on the calling thread, see ``writeWithoutTransaction(_:_:)``).
    public func purgeExpired(before cutoff: Date) async throws -> PurgeCounts {
        let cutoff = try StoreTime.microseconds(cutoff)
        return try await PurgeCounts(
            tokens: purgeInKeyOrder("issued_tokens", key: "id", from: "", before: cutoff),
            contexts: purge("security_contexts", key: "identifier", before: cutoff),
            replayEntries: purgeInKeyOrder("replay_entries", key: "digest", from: Data(), before: cutoff),
            revocations: purge("revoked_contexts", key: "identifier, instance", before: cutoff))
    }

    /// Rows deleted per purge transaction.
    static let purgeBatchSize = 1000

    /// Deletes `table`'s rows with `expires_us < cutoff` (found through its expiry index) in
    /// batches of ``purgeBatchSize``; `key` lists the primary-key columns. Returns how many rows went.
    private func purge(_ table: String, key: String, before cutoff: Int64) async throws -> Int {
        let sql = """
            DELETE FROM \(table) WHERE (\(key)) IN
                (SELECT \(key) FROM \(table) WHERE expires_us < ? LIMIT \(Self.purgeBatchSize))
            """
        var total = 0
        while true {
            let deleted = try await write("purge \(table)") { db in
                try db.cachedStatement(sql: sql).execute(arguments: [cutoff])
                return db.changesCount
            }
            total += deleted
            if deleted < Self.purgeBatchSize { return total }
        }
    }

    /// Keys one purge transaction of a table without an expiry index reads.
    static let purgeScanSize = 2000

    /// Deletes `table`'s rows with `expires_us < cutoff` by walking its primary key `key`: each
    /// transaction reads the next ``purgeScanSize`` keys after the last one read (starting after
    /// `start`, which sorts before every key: SQLite orders text and blobs bytewise, the empty
    /// one first) and deletes the expired rows among them. Returns how many rows went.
    private func purgeInKeyOrder(
        _ table: String, key: String, from start: some DatabaseValueConvertible & Sendable, before cutoff: Int64
    ) async throws -> Int {
        let rangeEnd = Self.purgeRangeEndSQL(table, key: key)
        let delete = Self.purgeRangeSQL(table, key: key)
        var after = start.databaseValue
        var total = 0
        while true {
            let lower = after
            let (end, deleted) = try await write("purge \(table)") { db -> (DatabaseValue, Int) in
                let end = try DatabaseValue.fetchOne(db.cachedStatement(sql: rangeEnd), arguments: [lower]) ?? .null
                if end.isNull { return (end, 0) }
                try db.cachedStatement(sql: delete).execute(arguments: [lower, end, cutoff])
                return (end, db.changesCount)
            }
            total += deleted
            if end.isNull { return total }
            after = end
        }
    }

    /// The last of the next ``purgeScanSize`` keys after `?` (NULL when there are none).
    static func purgeRangeEndSQL(_ table: String, key: String) -> String {
        "SELECT max(\(key)) FROM (SELECT \(key) FROM \(table) WHERE \(key) > ? ORDER BY \(key) LIMIT \(purgeScanSize))"
    }

    /// Deletes the rows with a key after the first `?`, up to the second, expired before the third.
    static func purgeRangeSQL(_ table: String, key: String) -> String {
        "DELETE FROM \(table) WHERE \(key) > ? AND \(key) <= ? AND expires_us < ?"
    }

    /// Purges tokens, contexts, replay entries and revocations alike (the requirement `TokenStore` and
    /// `SecurityContextStore` share); returns the total. See ``purgeExpired(before:)``.
    public func purge(expiredBefore cutoff: Date) async throws -> Int {
        try await purgeExpired(before: cutoff).total
    }

    // MARK: Access with errors mapped

    func write<T: Sendable>(_ what: String, _ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(updates)
        } catch {
            throw Self.storeError(error, what)
        }
    }

    /// Runs `updates` on the writer connection outside a transaction, mapping its errors to
    /// ``StoreError`` as `what`.
    ///
    /// With ``Durability-swift.enum/processCrash`` it runs on the calling thread (GRDB's
    /// synchronous access: the writer's serial queue, entered without a thread switch when it is
    /// free). Such a commit is a `write(2)` into the WAL, a few tens of microseconds, cheaper than
    /// the two thread hops of an asynchronous access; writes that may hold the writer longer are
    /// kept short for that reason (``purgeExpired(before:)`` deletes in batches). With
    /// ``Durability-swift.enum/powerLoss`` every commit waits for `fsync`, so it goes to the
    /// writer's queue and the calling task is suspended meanwhile.
    func writeWithoutTransaction<T: Sendable>(_ what: String, _ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            switch durability {
            case .processCrash: return try writeOnCallingThread(updates)
            case .powerLoss: return try await pool.writeWithoutTransaction(updates)
            }
        } catch {
            throw Self.storeError(error, what)
        }
    }

    /// Runs the single statement `sql` as its own transaction and returns how many rows it
    /// changed. SQLite commits a statement run outside `BEGIN … COMMIT` when it completes
    /// (autocommit): it is atomic and acknowledged only after the commit, exactly as the same
    /// statement wrapped in an explicit transaction, without the two extra statements that
    /// wrapping runs. The statement comes from the writer connection's cache, so it is parsed
    /// once per connection; it runs where ``writeWithoutTransaction(_:_:)`` says.
    func change(_ what: String, sql: String, arguments: StatementArguments) async throws -> Int {
        try await writeWithoutTransaction(what) { db in try Self.run(sql, arguments, in: db) }
    }

    /// Runs `body` with the writer connection's issuance statements, where
    /// ``writeWithoutTransaction(_:_:)`` says.
    func withIssuanceStatements<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (SQLiteIssuanceStatements.Prepared, Database) throws -> T
    ) async throws -> T {
        let statements = issuanceStatements
        return try await writeWithoutTransaction(what) { db in try body(try statements.statements(in: db), db) }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE … COMMIT` transaction (rolled back when it throws or
    /// answers `.rollback`) with the issuance statements, as ``withIssuanceStatements(_:_:)``
    /// runs them, and returns its value once committed or rolled back.
    func transaction<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (SQLiteIssuanceStatements.Prepared, Database) throws -> (T, Database.TransactionCompletion)
    ) async throws -> T {
        try await withIssuanceStatements(what) { statements, db in
            try statements.begin.run(in: db)
            do {
                let (value, completion) = try body(statements, db)
                switch completion {
                case .commit: try statements.commit.run(in: db)
                case .rollback: try statements.rollback.run(in: db)
                }
                return value
            } catch {
                // A failed statement or COMMIT can leave the transaction open: end it.
                if db.isInsideTransaction { try? statements.rollback.run(in: db) }
                throw error
            }
        }
    }

    /// GRDB's synchronous writer access (an async caller would otherwise get the asynchronous one).
    private func writeOnCallingThread<T>(_ updates: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction(updates)
    }

    /// Runs the cached statement `sql` with `arguments` inside a write; returns how many rows it changed.
    static func run(_ sql: String, _ arguments: StatementArguments, in db: Database) throws -> Int {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
        return db.changesCount
    }

    func read<T: Sendable>(_ what: String, _ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(value)
        } catch {
            throw Self.storeError(error, what)
        }
    }

    static func storeError(_ error: any Error, _ what: String) -> StoreError {
        switch error {
        case let error as StoreError:
            error
        case let error as DatabaseError:
            StoreError(.unavailable, "SQLite \(what) failed: \(error.resultCode) \(error.message ?? "")")
        case is RowDecodingError:
            StoreError(.corruptRecord, "SQLite \(what): a stored row has an unexpected column type")
        default:
            StoreError(.unavailable, "SQLite \(what) failed: \(type(of: error))")
        }
    }

    /// Creates an empty database file with mode 0600 unless one exists.
    private static func createPrivately(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw StoreError(.unavailable, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }
}
