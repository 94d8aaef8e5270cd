import Foundation
import GRDB
import PostgresNIO
import StoreProtocols
import Testing
import TesseraTestSupport
@testable import TesseraStore

/// The claims Amend adds to a context (WS-SC 1.3 §7) and the assertion it was established with
/// are kept by both stores, bound to the sealed secret (a row whose claims were edited gives no
/// secret), bounded, and absent from rows written before they existed.
struct ContextClaimsStoreTests {
    static func amended() -> SecurityContextRecord {
        var record = Sample.context()
        record.claims = ["CN=service,O=Tessera Test", "CN=second (issuer: x)"]
        record.bootstrapAssertion = BootstrapAssertion(issuer: "https://sts.tessera.test", id: "_assertion-1")
        return record
    }

    @Test(arguments: StoreKind.tested)
    func claimsAndTheBootstrapAssertionReadBack(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let record = Self.amended()
            try await subject.store.save(record)
            #expect(try await subject.store.context(identifier: record.identifier) == record)
            // Amend saves the same context with one more claim.
            var more = record
            more.claims.append("CN=third")
            try await subject.store.save(more)
            #expect(try await subject.store.context(identifier: record.identifier)?.claims == more.claims)
        }
    }

    @Test(arguments: StoreKind.tested)
    func claimsEditedBehindTheStoresBackGiveNoSecret(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let record = Self.amended()
            let plain = Sample.context()
            try await subject.store.save(record)
            try await subject.store.save(plain)
            try await Self.setClaims(#"["CN=admin"]"#, of: record.identifier, in: subject)
            try await Self.setClaims(#"["CN=admin"]"#, of: plain.identifier, in: subject)
            for identifier in [record.identifier, plain.identifier] {
                let error = try await #require(throws: StoreError.self) { try await subject.store.context(identifier: identifier) }
                #expect(error.code == .secretUnreadable)
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func tooManyClaimsAreRefused(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            var record = Sample.context()
            record.claims = (0...StoreLimits.maximumContextClaims).map { "CN=claim \($0)" }
            let error = try await #require(throws: StoreError.self) { try await subject.store.save(record) }
            #expect(error.code == .invalidRecord)
        }
    }

    /// A context row an older Tessera wrote (schema up to v3, secret sealed without claims)
    /// reads as a context with no claims and no bootstrap assertion.
    @Test func anSQLiteContextFromBeforeClaimsReadsWithoutThem() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("old.sqlite")
        let key = MasterKey.generate()
        let record = Sample.context()
        do {
            let old = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(old, upTo: "v3 revoked contexts")
            let row = try SealedContextRow(record, sealer: ContextSecretSealer(masterKey: key))
            try await old.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO security_contexts (identifier, instance, owner, created_us, expires_us, status, sealed_secret, master_key_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        row.identifier, row.instance, row.owner, row.created, row.expires, row.status, Data(row.sealedSecret), Data(row.masterKeyIdentifier),
                    ])
            }
        }
        let store = try SQLiteStore(path: path, masterKey: key)
        let read = try #require(try await store.context(identifier: record.identifier))
        #expect(read == record)
        #expect(read.claims.isEmpty && read.bootstrapAssertion == nil)
    }

    /// A PostgreSQL schema at version 3 (no claims columns, as an older Tessera left it) with a
    /// context in it is brought to version 4 by the next instance, the context read without claims.
    @Test(.needsExternalProcesses) func aPostgresSchemaFromVersionThreeIsMigrated() async throws {
        let location = try PostgresTesting.location()
        let schema = PostgresTesting.freshSchemaName()
        let key = MasterKey.generate()
        let record = Sample.context()
        let first = try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2)
        try await PostgresTesting.withRunning([first]) {
            try await first.readiness.wait()
            try await first.save(record)
            for column in ["claims", "bootstrap_issuer", "bootstrap_assertion", "applies_to"] {
                try await first.client.query("ALTER TABLE \(unescaped: schema).security_contexts DROP COLUMN \(unescaped: column)")
            }
            try await first.client.query("UPDATE \(unescaped: schema).schema_version SET version = 3")
        }
        let upgraded = try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2)
        try await PostgresTesting.withRunning([upgraded]) {
            #expect(try await upgraded.context(identifier: record.identifier) == record)
            var versions: [Int] = []
            for try await version in try await upgraded.client.query("SELECT version FROM \(unescaped: schema).schema_version").decode(Int.self) {
                versions.append(version)
            }
            #expect(versions == [5])
            try await PostgresTesting.drop(schema, using: upgraded)
        }
    }

    static func setClaims(_ claims: String, of identifier: String, in subject: StoreUnderTest) async throws {
        switch subject.backing {
        case .sqlite(_, _, let store):
            try await store.pool.write { db in
                try db.execute(sql: "UPDATE security_contexts SET claims = ? WHERE identifier = ?", arguments: [claims, identifier])
            }
        case .postgres(_, let schema, let store):
            try await store.client.query("UPDATE \(unescaped: schema).security_contexts SET claims = \(claims) WHERE identifier = \(identifier)")
        }
    }
}
