import Foundation
import GRDB
import Testing
import StoreProtocols
@testable import TesseraStore

/// What is particular to the SQLite store: journal mode, sync level, file modes, migrations,
/// and that lookups and purges use indexes.
struct SQLiteStoreTests {
    @Test func theDatabaseIsInWALModeWithTheChosenSyncLevel() async throws {
        let directory = try TemporaryDirectory()
        for (durability, level) in [(SQLiteStore.Durability.processCrash, 1), (.powerLoss, 2)] {
            let store = try SQLiteStore(path: directory.path("\(level).sqlite"), masterKey: .generate(), durability: durability)
            let (mode, synchronous) = try await store.pool.writeWithoutTransaction { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
            }
            #expect(mode == "wal")
            #expect(synchronous == level, "synchronous=\(level == 1 ? "NORMAL" : "FULL") for \(durability)")
        }
    }

    @Test func theDatabaseAndItsLogAreReadableByTheOwnerOnly() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let store = try SQLiteStore(path: path, masterKey: .generate())
        try await store.insert(Sample.token())
        for file in [path, path + "-wal"] {
            let mode = (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600, "\(file)")
        }
    }

    @Test func reopeningKeepsTheDataAndMigratesNothingTwice() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let key = MasterKey.generate()
        let token = Sample.token()
        let context = Sample.context()
        do {
            let store = try SQLiteStore(path: path, masterKey: key)
            try await store.insert(token)
            try await store.save(context)
        }
        let reopened = try SQLiteStore(path: path, masterKey: key)
        #expect(try await reopened.record(id: token.id) == token)
        #expect(try await reopened.context(identifier: context.identifier) == context)
        let migrations = try await reopened.pool.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(
            migrations == [
                "v1 tokens, contexts, replay entries", "v2 renewable after expiry", "v3 revoked contexts", "v4 context applies to",
                "v5 context claims and bootstrap assertion", "v6 token and replay purges by key order",
            ])
    }

    @Test func aDatabaseFromANewerTesseraIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        do {
            let store = try SQLiteStore(path: path, masterKey: .generate())
            try await store.pool.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2 from the future')") }
        }
        let error = try #require(throws: StoreError.self) { try SQLiteStore(path: path, masterKey: .generate()) }
        #expect(error.code == .incompatibleSchema)
    }

    @Test func aMissingDirectoryIsReported() throws {
        let directory = try TemporaryDirectory()
        let error = try #require(throws: StoreError.self) { try SQLiteStore(path: directory.path("absent/store.sqlite"), masterKey: .generate()) }
        #expect(error.code == .unavailable)
    }

    /// Lookups search the primary key; purges search the expiry index, or walk the primary key
    /// in ranges where there is none (no table scans).
    @Test func lookupsAndPurgesUseIndexes() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path("store.sqlite"), masterKey: .generate())
        let plans = try await store.pool.read { db in
            try [
                ("SELECT * FROM issued_tokens WHERE id = 'x'", "PRIMARY KEY"),
                ("SELECT * FROM security_contexts WHERE identifier = 'x'", "PRIMARY KEY"),
                ("SELECT * FROM replay_entries WHERE digest = x'00'", "PRIMARY KEY"),
                ("DELETE FROM security_contexts WHERE expires_us < 5", "security_contexts_by_expiry"),
                (SQLiteStore.purgeRangeSQL("issued_tokens", key: "id").replacing("?", with: "'x'"), "PRIMARY KEY (id>? AND id<?)"),
                (SQLiteStore.purgeRangeSQL("replay_entries", key: "digest").replacing("?", with: "x'00'"), "PRIMARY KEY (digest>? AND digest<?)"),
                (
                    "SELECT identifier, instance FROM revoked_contexts WHERE expires_us < 5 LIMIT 1000",
                    "revoked_contexts_by_expiry"
                ),
            ].map { sql, index in
                (sql, index, try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)").map { try $0.decode(String.self, forColumn: "detail") })
            }
        }
        for (sql, index, details) in plans {
            #expect(details.count == 1 && details[0].hasPrefix("SEARCH") && details[0].contains(index), "\(sql): \(details)")
        }
        // The range's end: the keys after the last one read, in key order, read from the key.
        for (table, key) in [("issued_tokens", "id"), ("replay_entries", "digest")] {
            let details = try await store.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(SQLiteStore.purgeRangeEndSQL(table, key: key).replacing("?", with: "x'00'"))")
                    .map { try $0.decode(String.self, forColumn: "detail") }
            }
            #expect(details.contains { $0.hasPrefix("SEARCH \(table) USING PRIMARY KEY (\(key)>?)") }, "\(table): \(details)")
            #expect(!details.contains { $0.hasPrefix("SCAN \(table)") || $0.contains("TEMP B-TREE") }, "\(table): \(details)")
        }
    }

    /// A status no Tessera writes (only possible by editing the file with the CHECK constraints
    /// off) reads as a corrupt record, not a crash.
    @Test func anUnknownStatusIsACorruptRecord() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path("store.sqlite"), masterKey: .generate())
        let token = Sample.token()
        try await store.insert(token)
        try await store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE issued_tokens SET status = 'revoked' WHERE id = ?", arguments: [token.id])
            try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
        }
        let error = try await #require(throws: StoreError.self) { try await store.record(id: token.id) }
        #expect(error.code == .corruptRecord)
    }

    @Test func manyContextsSaveInOneTransactionAllOrNone() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path("store.sqlite"), masterKey: .generate())
        let batch = (0..<50).map { _ in Sample.context() }
        try await store.save(contentsOf: batch)
        for context in batch { #expect(try await store.context(identifier: context.identifier) == context) }

        _ = try await store.cancel(identifier: batch[10].identifier)
        let fresh = Sample.context()
        let error = try await #require(throws: StoreError.self) { try await store.save(contentsOf: [fresh, batch[10]]) }
        #expect(error.code == .contextCancelled)
        #expect(try await store.context(identifier: fresh.identifier) == nil, "the whole batch was rolled back")
    }

    /// A purge larger than one batch deletes every expired row over several transactions, and
    /// only those: in the tables walked in key order (live rows among the expired ones, in every
    /// range) and in those searched by expiry, keyed by one column and by two.
    @Test func aPurgeLargerThanOneBatchDeletesExactlyTheExpiredRows() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path("store.sqlite"), masterKey: .generate())
        let now = Sample.now
        let expired = SQLiteStore.purgeScanSize * 2 + 500
        for index in 0..<expired {
            _ = try await store.insertIfAbsent(
                Array("old \(index)".utf8), expiry: now.addingTimeInterval(-1),
                now: now.addingTimeInterval(-60))
            if index % 100 == 0 {
                _ = try await store.insertIfAbsent(Array("fresh \(index)".utf8), expiry: now.addingTimeInterval(60), now: now)
            }
        }
        let freshEntries = (expired + 99) / 100
        let expiredTokens = SQLiteStore.purgeScanSize + 300
        var liveTokens: [IssuedTokenRecord] = []
        for index in 0..<expiredTokens {
            try await store.insert(Sample.token(created: now.addingTimeInterval(-120), expires: now.addingTimeInterval(-0.001)))
            if index % 500 == 0 {
                let live = Sample.token(expires: now)
                try await store.insert(live)
                liveTokens.append(live)
            }
        }
        try await store.revoke(identifier: "urn:uuid:a", instance: "1", until: now.addingTimeInterval(-1))
        try await store.revoke(identifier: "urn:uuid:a", instance: "2", until: now.addingTimeInterval(60))
        try await store.revoke(identifier: "urn:uuid:b", instance: nil, until: now.addingTimeInterval(-1))

        let counts = try await store.purgeExpired(before: now)
        #expect(counts == PurgeCounts(tokens: expiredTokens, contexts: 0, replayEntries: expired, revocations: 2))
        let left = try await store.pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM replay_entries"),
                try String.fetchAll(db, sql: "SELECT identifier || '#' || instance FROM revoked_contexts"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM issued_tokens")
            )
        }
        #expect(left.0 == freshEntries)
        #expect(left.1 == ["urn:uuid:a#2"])
        #expect(left.2 == liveTokens.count)
        for token in liveTokens { #expect(try await store.record(id: token.id) == token) }
    }

    /// Single-statement writes run on the calling thread with `processCrash` and on the writer's
    /// queue with `powerLoss`; both commit before returning, and both see a replay.
    @Test(arguments: [SQLiteStore.Durability.processCrash, .powerLoss])
    func singleStatementWritesCommitBeforeReturning(_ durability: SQLiteStore.Durability) async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let store = try SQLiteStore(path: path, masterKey: .generate(), durability: durability)
        let token = Sample.token()
        try await store.insert(token)
        #expect(try await store.insertIfAbsent(Array("nonce".utf8), expiry: Sample.now.addingTimeInterval(60), now: Sample.now))
        #expect(try await store.insertIfAbsent(Array("nonce".utf8), expiry: Sample.now.addingTimeInterval(60), now: Sample.now) == false)
        // Another connection to the file sees both writes at once: they were committed.
        let other = try DatabaseQueue(path: path)
        let counts = try await other.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM issued_tokens"), try Int.fetchOne(db, sql: "SELECT count(*) FROM replay_entries"))
        }
        #expect(counts.0 == 1 && counts.1 == 1)
    }
}
