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
    /// and could deadlock with it.) Every wait is bounded, so a start that takes the locks fails
    /// the test instead of hanging it.
    @Test(.timeLimit(.minutes(1)))
    func aStartBesideAServingInstanceLeavesACurrentSchemaUnlocked() async throws {
        let location = try PostgresTesting.location()
        let schema = PostgresTesting.freshSchemaName()
        let key = MasterKey.generate()
        let serving = try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2)
        try await PostgresTesting.withRunning([serving]) {
            try await serving.readiness.wait()
            let holder = try await LockHolder(
                serving, locking: "\(schema).issued_tokens, \(schema).replay_entries, \(schema).security_contexts", in: "ROW EXCLUSIVE")
            let starting = try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2)
            let running = Task { try await starting.run() }
            let ready = await outcome(of: Task { try await starting.readiness.wait() }, within: .seconds(10))
            try await holder.release()
            switch ready {
            case .success?: break
            case .failure(let error)?: Issue.record("the starting instance failed to start: \(error)")
            case nil: Issue.record("the starting instance was not ready within 10 s: its schema creation waited for the serving instance's locks")
            }
            running.cancel()
            #expect(await outcome(of: running, within: .seconds(10)) != nil, "the starting instance's run() did not return within 10 s of its cancellation")
            try await PostgresTesting.drop(schema, using: serving)
        }
    }

    /// A start stopped while its schema transaction waits for a lock ends: run() returns, and the
    /// store refuses calls. (Stopping closes the pool's connections; postgres-nio fails the
    /// statement under way, but never answers the `ROLLBACK` its transaction sends after it.)
    @Test(.timeLimit(.minutes(1)))
    func aStartStoppedWhileItsSchemaTransactionWaitsForALockReturns() async throws {
        let location = try PostgresTesting.location()
        let schema = PostgresTesting.freshSchemaName()
        let key = MasterKey.generate()
        let serving = try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2)
        try await PostgresTesting.withRunning([serving]) {
            try await serving.readiness.wait()
            // Every start reads schema_version: an exclusive lock on it blocks the start's transaction.
            let holder = try await LockHolder(serving, locking: "\(schema).schema_version", in: "ACCESS EXCLUSIVE")
            let starting = try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2)
            let running = Task { try await starting.run() }
            let waited = try await holder.anotherSessionWaits(for: "\(schema).schema_version", within: .seconds(10))
            running.cancel()
            let stopped = await outcome(of: running, within: .seconds(10))
            try await holder.release()
            #expect(waited, "the starting instance's schema transaction never waited for the lock")
            switch stopped {
            case nil: Issue.record("run() did not return within 10 s of its cancellation")
            case .success?: Issue.record("run() returned without an error although the schema was never checked")
            case .failure(let error)?:
                #expect((error as? StoreError)?.code == .unavailable, "\(error)")
                await #expect(throws: StoreError.self) { try await starting.readiness.wait() }
            }
            try await PostgresTesting.drop(schema, using: serving)
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
}
