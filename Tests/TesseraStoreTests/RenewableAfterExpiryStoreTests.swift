import Foundation
import GRDB
import PostgresNIO
import StoreProtocols
import STS
import Testing
import TesseraTestSupport
@testable import TesseraStore

/// `IssuedTokenRecord.renewableAfterExpiry` (WS-Trust 1.3 §5 Renewing/@OK) is kept by both
/// stores, and a store written before the column existed is migrated in place, its rows reading
/// as not renewable after expiry.
struct RenewableAfterExpiryStoreTests {
    static func record(renewable: Bool, afterExpiry: Bool) -> IssuedTokenRecord {
        var record = Sample.token()
        record.renewable = renewable
        record.renewableAfterExpiry = afterExpiry
        return record
    }

    @Test(arguments: StoreKind.tested)
    func bothRenewalFlagsReadBack(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let afterExpiry = Self.record(renewable: true, afterExpiry: true)
            let beforeExpiryOnly = Self.record(renewable: true, afterExpiry: false)
            let notRenewable = Self.record(renewable: false, afterExpiry: false)
            for record in [afterExpiry, beforeExpiryOnly, notRenewable] {
                try await subject.store.insert(record)
                let read = try #require(try await subject.store.record(id: record.id))
                #expect(read.renewable == record.renewable && read.renewableAfterExpiry == record.renewableAfterExpiry)
                #expect(read == record)
            }
        }
    }

    /// A file made by the first schema only (as an older Tessera left it), with a row in it:
    /// opening it adds the column, and the old row is renewable but not after expiry.
    @Test func anSQLiteFileFromTheFirstSchemaIsMigrated() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("old.sqlite")
        do {
            let old = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(old, upTo: "v1 tokens, contexts, replay entries")
            try await old.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO issued_tokens (id, token_type, subject, requestor, applies_to, relying_party, created_us, expires_us, status, renewable, renewed_from)
                        VALUES ('_old', 'urn:type', 'alice', 'x509:gateway', NULL, NULL, 1, 2, 'issued', 1, NULL)
                        """)
            }
            #expect(try await old.read { try $0.columns(in: "issued_tokens").map(\.name) }.contains("renewable_after_expiry") == false)
        }
        let store = try SQLiteStore(path: path, masterKey: .generate())
        let old = try #require(try await store.record(id: "_old"))
        #expect(old.renewable && !old.renewableAfterExpiry)
        let fresh = Self.record(renewable: true, afterExpiry: true)
        try await store.insert(fresh)
        #expect(try await store.record(id: fresh.id)?.renewableAfterExpiry == true)
    }

    /// A PostgreSQL schema at version 1 (without the column, as an older Tessera created it) is
    /// brought to version 2 by the next instance that starts on it.
    @Test(.needsExternalProcesses) func aPostgresSchemaFromVersionOneIsMigrated() async throws {
        let location = try PostgresTesting.location()
        let schema = PostgresTesting.freshSchemaName()
        let first = try PostgresStore(location: location, schema: schema, masterKey: .generate(), maximumConnections: 2)
        try await PostgresTesting.withRunning([first]) {
            try await first.readiness.wait()
            try await first.client.query("ALTER TABLE \(unescaped: schema).issued_tokens DROP COLUMN renewable_after_expiry")
            try await first.client.query("UPDATE \(unescaped: schema).schema_version SET version = 1")
            try await first.client.query(
                """
                INSERT INTO \(unescaped: schema).issued_tokens (id, token_type, subject, requestor, created_us, expires_us, status, renewable)
                VALUES ('_old', 'urn:type', 'alice', 'x509:gateway', 1, 2, 'issued', true)
                """)
        }
        let upgraded = try PostgresStore(location: location, schema: schema, masterKey: .generate(), maximumConnections: 2)
        try await PostgresTesting.withRunning([upgraded]) {
            let old = try #require(try await upgraded.record(id: "_old"))
            #expect(old.renewable && !old.renewableAfterExpiry)
            var versions: [Int] = []
            for try await version in try await upgraded.client.query("SELECT version FROM \(unescaped: schema).schema_version").decode(Int.self) {
                versions.append(version)
            }
            #expect(versions == [PostgresSchema.version])
            #expect(PostgresSchema.version == 5)
            try await PostgresTesting.drop(schema, using: upgraded)
        }
    }
}
