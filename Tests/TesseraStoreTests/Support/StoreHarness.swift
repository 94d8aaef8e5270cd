import Foundation
import GRDB
import PostgresNIO
import Testing
import TesseraTestSupport
@testable import TesseraStore

/// The two kinds of store every conformance test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The kinds the conformance tests run against: both, or SQLite alone in the unit tier
    /// (`scripts/test --unit` starts no PostgreSQL server).
    static var tested: [StoreKind] { TesseraTestEnvironment.unitTierOnly ? [.sqlite] : allCases }
}

enum HarnessError: Error {
    case noPostgres
    case missingRow(String)
    case timedOut(String)
}

/// A fresh store for one test (a new SQLite file in a temporary directory, or a new PostgreSQL
/// schema dropped afterwards), with raw access to the rows it wrote.
struct StoreUnderTest {
    enum Backing {
        case sqlite(directory: TemporaryDirectory, path: String, store: SQLiteStore)
        case postgres(location: PostgresLocation, schema: String, store: PostgresStore)
    }

    let backing: Backing

    var store: any DurableStore {
        switch backing {
        case .sqlite(_, _, let store): store
        case .postgres(_, _, let store): store
        }
    }

    /// Runs `body` with a second store over the same data: another `DatabasePool` on the same
    /// file, or another `PostgresClient` on the same schema (another `tessera serve` instance).
    func withAnotherInstance<T>(masterKey: MasterKey, _ body: (any DurableStore) async throws -> T) async throws -> T {
        switch backing {
        case .sqlite(_, let path, _):
            return try await body(try SQLiteStore(path: path, masterKey: masterKey))
        case .postgres(let location, let schema, _):
            let other = try PostgresStore(location: location, schema: schema, masterKey: masterKey, maximumConnections: 2)
            return try await PostgresTesting.withRunning([other]) { try await body(other) }
        }
    }

    // MARK: Raw rows, read and written behind the store's back

    func sealedSecret(of identifier: String) async throws -> [UInt8] {
        switch backing {
        case .sqlite(_, _, let store):
            let data = try await store.pool.read { db in
                try Data.fetchOne(db, sql: "SELECT sealed_secret FROM security_contexts WHERE identifier = ?", arguments: [identifier])
            }
            guard let data else { throw HarnessError.missingRow(identifier) }
            return [UInt8](data)
        case .postgres(_, let schema, let store):
            let rows = try await store.client.query(
                "SELECT sealed_secret FROM \(unescaped: schema).security_contexts WHERE identifier = \(identifier)")
            for try await buffer in rows.decode(ByteBuffer.self) { return Array(buffer.readableBytesView) }
            throw HarnessError.missingRow(identifier)
        }
    }

    func setSealedSecret(_ sealed: [UInt8], of identifier: String) async throws {
        switch backing {
        case .sqlite(_, _, let store):
            try await store.pool.write { db in
                try db.execute(sql: "UPDATE security_contexts SET sealed_secret = ? WHERE identifier = ?", arguments: [Data(sealed), identifier])
            }
        case .postgres(_, let schema, let store):
            try await store.client.query(
                "UPDATE \(unescaped: schema).security_contexts SET sealed_secret = \(ByteBuffer(bytes: sealed)) WHERE identifier = \(identifier)")
        }
    }

    func setOwner(_ owner: String, of identifier: String) async throws {
        switch backing {
        case .sqlite(_, _, let store):
            try await store.pool.write { db in
                try db.execute(sql: "UPDATE security_contexts SET owner = ? WHERE identifier = ?", arguments: [owner, identifier])
            }
        case .postgres(_, let schema, let store):
            try await store.client.query("UPDATE \(unescaped: schema).security_contexts SET owner = \(owner) WHERE identifier = \(identifier)")
        }
    }

    func setAppliesTo(_ appliesTo: String?, of identifier: String) async throws {
        switch backing {
        case .sqlite(_, _, let store):
            try await store.pool.write { db in
                try db.execute(sql: "UPDATE security_contexts SET applies_to = ? WHERE identifier = ?", arguments: [appliesTo, identifier])
            }
        case .postgres(_, let schema, let store):
            try await store.client.query(
                "UPDATE \(unescaped: schema).security_contexts SET applies_to = \(appliesTo) WHERE identifier = \(identifier)")
        }
    }

    func setExpiry(microseconds: Int64, of identifier: String) async throws {
        switch backing {
        case .sqlite(_, _, let store):
            try await store.pool.write { db in
                try db.execute(sql: "UPDATE security_contexts SET expires_us = ? WHERE identifier = ?", arguments: [microseconds, identifier])
            }
        case .postgres(_, let schema, let store):
            try await store.client.query(
                "UPDATE \(unescaped: schema).security_contexts SET expires_us = \(microseconds) WHERE identifier = \(identifier)")
        }
    }

    /// Every column of the context's row, as stored, concatenated.
    func rawContextRow(of identifier: String) async throws -> [UInt8] {
        switch backing {
        case .sqlite(_, _, let store):
            return try await store.pool.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM security_contexts WHERE identifier = ?", arguments: [identifier]) else {
                    throw HarnessError.missingRow(identifier)
                }
                var bytes: [UInt8] = []
                for (_, value) in row {
                    switch value.storage {
                    case .blob(let data): bytes += data
                    case .string(let text): bytes += Array(text.utf8)
                    case .int64(let number): bytes += Array(String(number).utf8)
                    case .double(let number): bytes += Array(String(number).utf8)
                    case .null: break
                    }
                }
                return bytes
            }
        case .postgres(_, let schema, let store):
            let rows = try await store.client.query(
                """
                SELECT identifier || coalesce(instance, '') || owner || created_us::text || expires_us::text || status,
                       sealed_secret, master_key_id
                FROM \(unescaped: schema).security_contexts WHERE identifier = \(identifier)
                """)
            for try await (text, sealed, keyID) in rows.decode((String, ByteBuffer, ByteBuffer).self) {
                return Array(text.utf8) + Array(sealed.readableBytesView) + Array(keyID.readableBytesView)
            }
            throw HarnessError.missingRow(identifier)
        }
    }

    /// The replay table's digest column.
    func replayDigests() async throws -> [[UInt8]] {
        switch backing {
        case .sqlite(_, _, let store):
            return try await store.pool.read { db in
                try Data.fetchAll(db, sql: "SELECT digest FROM replay_entries").map { [UInt8]($0) }
            }
        case .postgres(_, let schema, let store):
            var digests: [[UInt8]] = []
            for try await buffer in try await store.client.query("SELECT digest FROM \(unescaped: schema).replay_entries").decode(ByteBuffer.self) {
                digests.append(Array(buffer.readableBytesView))
            }
            return digests
        }
    }
}

/// Opens a fresh store of `kind` for `body` and removes it afterwards.
func withStore<T>(_ kind: StoreKind, masterKey: MasterKey = .generate(), _ body: (StoreUnderTest) async throws -> T) async throws -> T {
    switch kind {
    case .sqlite:
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let store = try SQLiteStore(path: path, masterKey: masterKey)
        return try await body(StoreUnderTest(backing: .sqlite(directory: directory, path: path, store: store)))
    case .postgres:
        let location = try PostgresTesting.location()
        let schema = PostgresTesting.freshSchemaName()
        let store = try PostgresStore(location: location, schema: schema, masterKey: masterKey, maximumConnections: 2)
        return try await PostgresTesting.withRunning([store]) {
            do {
                let result = try await body(StoreUnderTest(backing: .postgres(location: location, schema: schema, store: store)))
                try await PostgresTesting.drop(schema, using: store)
                return result
            } catch {
                try? await PostgresTesting.drop(schema, using: store)
                throw error
            }
        }
    }
}

/// The PostgreSQL server `scripts/test` starts (TESSERA_POSTGRES_URL).
enum PostgresTesting {
    static let variable = "TESSERA_POSTGRES_URL"

    /// The server's location; records a failure (never a silent skip) when it is not configured.
    static func location(sourceLocation: SourceLocation = #_sourceLocation) throws -> PostgresLocation {
        guard let url = TesseraTestEnvironment.postgresURL else {
            Issue.record(
                "\(variable) is not set: the PostgreSQL store tests need a server. Run them through scripts/test, which starts a throwaway PostgreSQL 15 cluster and sets it, or set it to postgres://user@host:port/database yourself.",
                sourceLocation: sourceLocation)
            throw HarnessError.noPostgres
        }
        return try PostgresLocation(url: url)
    }

    /// A schema no other test uses.
    static func freshSchemaName() -> String {
        "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// How long a test waits for what a working store does promptly (start, stop, a statement)
    /// before it fails instead of hanging: generous, because the whole suite runs its tests at
    /// once, and on two cores its first tests finish only after a minute and a half.
    static let patience: Duration = .seconds(300)

    /// Runs every store while `body` runs, then stops them (as a graceful shutdown would) and
    /// waits for each run() to return, at most ``patience``.
    @discardableResult
    static func withRunning<T>(_ stores: [PostgresStore], _ body: () async throws -> T) async throws -> T {
        let runs = stores.map { store in Task { try await store.run() } }
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        for run in runs { run.cancel() }
        for run in runs {
            switch await outcome(of: run, within: patience) {
            case nil: throw HarnessError.timedOut("a PostgresStore's run() after its cancellation")
            case .failure(let error)?: if case .success = result { throw error }
            case .success?: break
            }
        }
        return try result.get()
    }

    /// Drops `schema` through `store` once that store's own schema exists (never in the middle
    /// of its creation), waiting at most ``patience``.
    static func drop(_ schema: String, using store: PostgresStore) async throws {
        try await bounded("DROP SCHEMA \(schema)", within: patience) {
            try await store.readiness.wait()
            try await store.client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
        }
    }
}
