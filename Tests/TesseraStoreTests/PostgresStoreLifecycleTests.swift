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
