import Foundation
import PostgresNIO
import Testing
import TesseraTestSupport
@testable import TesseraStore

/// Starting and stopping a PostgresStore: schema creation, refusals, calls around run().
@Suite(.needsExternalProcesses)
struct PostgresStoreLifecycleTests {
    /// Several instances starting at once on an empty schema all become ready (the advisory lock
    /// keeps `CREATE … IF NOT EXISTS` from racing), and a later start finds the tables in place.
    @Test func schemaCreationIsIdempotentAndSafeUnderConcurrentStarts() async throws {
        let location = try PostgresTesting.location()
        let schema = PostgresTesting.freshSchemaName()
        let key = MasterKey.generate()
        let stores = try (0..<4).map { _ in try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2) }
        let token = Sample.token()
        try await PostgresTesting.withRunning(stores) {
            try await stores[0].insert(token)
            for store in stores { #expect(try await store.record(id: token.id) == token) }
        }
        let later = try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2)
        try await PostgresTesting.withRunning([later]) {
            #expect(try await later.record(id: token.id) == token)
            try await PostgresTesting.drop(schema, using: later)
        }
    }

    /// An instance starting beside one that serves the schema, at the current version, does not
    /// lock its tables: it becomes ready while a transaction holds the locks an issuance's writes
    /// take. (The migration's statements, idempotent as they are, would wait for that transaction,
    /// and could deadlock with it.) A start that waits for those locks is seen in PostgreSQL at
    /// once, and every other wait is bounded, so a failure is an assertion, never a hang.
    @Test func aStartBesideAServingInstanceLeavesACurrentSchemaUnlocked() async throws {
        try await withServingInstance { serving, anotherInstance in
            let holder = try await LockHolder(
                serving, locking: "\(serving.schema).issued_tokens, \(serving.schema).replay_entries, \(serving.schema).security_contexts", in: "ROW EXCLUSIVE")
            let starting = try anotherInstance()
            try await PostgresTesting.withRunning([starting]) {
                let start = await holder.readinessOrBlocking(of: starting, within: PostgresTesting.patience)
                try await holder.release()
                switch start {
                case .success(.ready)?: break
                case .success(.blocked)?: Issue.record("the starting instance's schema transaction waited for the serving instance's locks")
                case .failure(let error)?: Issue.record("the starting instance failed to start: \(error)")
                case nil: Issue.record("the starting instance was neither ready nor waiting for a lock within \(PostgresTesting.patience)")
                }
                // Stopped only once started, so that a failure above is the only one reported.
                try await bounded("the starting instance's start", within: PostgresTesting.patience) { try await starting.readiness.wait() }
            }
        }
    }

    /// A start stopped while its schema transaction waits for a lock ends: run() returns, the
    /// store refuses calls, and its PostgreSQL session stops waiting (and so releases the
    /// schema's advisory lock) while the lock it waited for is still held. (Stopping closes the
    /// pool's connections; postgres-nio fails the statement under way, but never answers the
    /// `ROLLBACK` its transaction sends after it; PostgreSQL notices the closed connection only
    /// once the statement under way ends, which `lock_timeout` bounds.)
    @Test func aStartStoppedWhileItsSchemaTransactionWaitsForALockReturns() async throws {
        try await withServingInstance { serving, anotherInstance in
            // Every start reads schema_version: an exclusive lock on it blocks the start's transaction.
            let holder = try await LockHolder(serving, locking: "\(serving.schema).schema_version", in: "ACCESS EXCLUSIVE")
            let starting = try anotherInstance()
            let running = Task { try await starting.run() }
            let waited = try await eventually(within: PostgresTesting.patience) { try await holder.blockedSessions() > 0 }
            running.cancel()
            // A minute: what follows a working stop is a few steps, slow only under the whole suite's load.
            let stopped = await outcome(of: running, within: .seconds(60))
            let sessionEnded = try await eventually(within: .seconds(60)) { try await holder.blockedSessions() == 0 }
            try await holder.release()
            #expect(waited, "the starting instance's schema transaction never waited for the lock")
            switch stopped {
            case nil: Issue.record("run() did not return within 60 s of its cancellation")
            case .success?: Issue.record("run() returned without an error although the schema was never checked")
            case .failure(let error)?:
                #expect((error as? StoreError)?.code == .unavailable, "\(error)")
                await #expect(throws: StoreError.self) { try await starting.readiness.wait() }
            }
            #expect(sessionEnded, "60 s after the stop, the stopped start's PostgreSQL session still waited for the lock, holding the schema's advisory lock")
        }
    }

    /// Starts of different schemas do not wait for each other, and starts of one schema still
    /// take turns: while a schema's advisory lock is held (as a start holds it while it creates
    /// or migrates the tables), an instance of another schema becomes ready, and an instance of
    /// that schema waits until the lock is released. A start that waits is seen in PostgreSQL at
    /// once, so a failure is an assertion, never a hang.
    @Test func startsWaitOnlyForStartsOfTheirOwnSchema() async throws {
        let location = try PostgresTesting.location()
        let key = MasterKey.generate()
        let held = PostgresTesting.freshSchemaName()
        let helper = try PostgresStore(location: location, schema: PostgresTesting.freshSchemaName(), masterKey: key, maximumConnections: 2)
        try await PostgresTesting.withRunning([helper]) {
            try await bounded("the helper instance's start", within: PostgresTesting.patience) { try await helper.readiness.wait() }
            let holder = try await LockHolder(helper, taking: PostgresSchema.creationLock(held))

            let other = try PostgresStore(location: location, schema: PostgresTesting.freshSchemaName(), masterKey: key, maximumConnections: 2)
            try await PostgresTesting.withRunning([other]) {
                let start = await holder.readinessOrBlocking(of: other, within: PostgresTesting.patience)
                switch start {
                case .success(.ready)?: try await PostgresTesting.drop(other.schema, using: other)
                case .success(.blocked)?: Issue.record("the start of another schema waited for the advisory lock of \(held)")
                case .failure(let error)?: Issue.record("the instance of another schema failed to start: \(error)")
                case nil: Issue.record("the instance of another schema was neither ready nor waiting within \(PostgresTesting.patience)")
                }
            }

            let same = try PostgresStore(location: location, schema: held, masterKey: key, maximumConnections: 2)
            try await PostgresTesting.withRunning([same]) {
                let start = await holder.readinessOrBlocking(of: same, within: PostgresTesting.patience)
                try await holder.release()
                switch start {
                case .success(.blocked)?: break
                case .success(.ready)?: Issue.record("an instance of \(held) became ready while another start of \(held) held its lock")
                case .failure(let error)?: Issue.record("the instance of \(held) failed to start: \(error)")
                case nil: Issue.record("the instance of \(held) was neither ready nor waiting within \(PostgresTesting.patience)")
                }
                try await bounded("the start of \(held) once its lock was released", within: PostgresTesting.patience) {
                    try await same.readiness.wait()
                }
                try await PostgresTesting.drop(held, using: same)
            }
            try await PostgresTesting.drop(helper.schema, using: helper)
        }
    }

    /// Calls made before run() wait for the schema instead of failing.
    @Test func callsBeforeTheSchemaExistsWaitForIt() async throws {
        let store = try PostgresStore(
            location: try PostgresTesting.location(), schema: PostgresTesting.freshSchemaName(), masterKey: .generate(), maximumConnections: 2)
        let token = Sample.token()
        let inserted = Task { try await store.insert(token) }
        try await PostgresTesting.withRunning([store]) {
            try await inserted.value
            #expect(try await store.record(id: token.id) == token)
            try await PostgresTesting.drop(store.schema, using: store)
        }
    }

    @Test func runningTwiceIsRefusedAndCallsAfterStopFail() async throws {
        let store = try PostgresStore(
            location: try PostgresTesting.location(), schema: PostgresTesting.freshSchemaName(), masterKey: .generate(), maximumConnections: 2)
        try await PostgresTesting.withRunning([store]) {
            try await store.readiness.wait()  // the first run() has started
            let error = try await #require(throws: StoreError.self) { try await store.run() }
            #expect(error.code == .alreadyRunning)
            try await PostgresTesting.drop(store.schema, using: store)
        }
        let error = try await #require(throws: StoreError.self) { try await store.record(id: "_after-stop") }
        #expect(error.code == .unavailable)
    }

    @Test func aSchemaWrittenByANewerTesseraIsRefused() async throws {
        let location = try PostgresTesting.location()
        let schema = PostgresTesting.freshSchemaName()
        let current = try PostgresStore(location: location, schema: schema, masterKey: .generate(), maximumConnections: 2)
        try await PostgresTesting.withRunning([current]) {
            try await current.readiness.wait()
            try await current.client.query("UPDATE \(unescaped: schema).schema_version SET version = 99")
        }
        let older = try PostgresStore(location: location, schema: schema, masterKey: .generate(), maximumConnections: 2)
        let pending = Task { try await older.record(id: "_waiting") }
        let error = try await #require(throws: StoreError.self) { try await older.run() }
        #expect(error.code == .incompatibleSchema)
        let waitingError = try await #require(throws: StoreError.self) { try await pending.value }
        #expect(waitingError.code == .incompatibleSchema)

        let cleaner = try PostgresStore(location: location, schema: PostgresTesting.freshSchemaName(), masterKey: .generate(), maximumConnections: 2)
        try await PostgresTesting.withRunning([cleaner]) {
            try await PostgresTesting.drop(schema, using: cleaner)
            try await PostgresTesting.drop(cleaner.schema, using: cleaner)
        }
    }

    @Test(arguments: ["", "Tessera", "1abc", "tessera; DROP TABLE x", "a-b", "\"quoted\"", String(repeating: "s", count: 64)])
    func schemaNamesOutsideTheSafeSetAreRefused(_ name: String) throws {
        let location = PostgresLocation(host: "127.0.0.1", user: "tessera", password: nil, database: "postgres")
        let error = try #require(throws: StoreError.self) { try PostgresStore(location: location, schema: name, masterKey: .generate()) }
        #expect(error.code == .invalidLocation)
    }

    /// An unreachable server: run() keeps the client retrying, and a caller's own cancellation
    /// ends its wait with an error instead of hanging.
    @Test func aWaitingCallerCanBeCancelled() async throws {
        let location = PostgresLocation(host: "127.0.0.1", port: 1, user: "tessera", password: nil, database: "postgres", tls: .disable)
        let store = try PostgresStore(location: location, masterKey: .generate(), maximumConnections: 2)
        let call = Task { try await store.record(id: "_never") }
        call.cancel()
        let error = try await #require(throws: StoreError.self) { try await call.value }
        #expect(error.code == .unavailable)
    }

    /// Runs `body` beside a ready instance serving a fresh schema, with a maker of further
    /// instances of that schema (same location and master key); drops the schema afterwards.
    private func withServingInstance(_ body: (_ serving: PostgresStore, _ anotherInstance: () throws -> PostgresStore) async throws -> Void) async throws {
        let location = try PostgresTesting.location()
        let schema = PostgresTesting.freshSchemaName()
        let key = MasterKey.generate()
        let serving = try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2)
        try await PostgresTesting.withRunning([serving]) {
            try await bounded("the serving instance's start", within: PostgresTesting.patience) { try await serving.readiness.wait() }
            try await body(serving) { try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2) }
            try await PostgresTesting.drop(schema, using: serving)
        }
    }
}
