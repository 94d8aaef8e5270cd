import Foundation
import Logging
import Testing
import TesseraStore

/// What `--store` accepts, and the errors for what it does not.
struct StoreLocationTests {
    @Test(arguments: [
        ("./tessera-data/store.sqlite", "./tessera-data/store.sqlite"),
        ("/var/lib/tessera/store.db", "/var/lib/tessera/store.db"),
        ("store.sqlite", "store.sqlite"),
        ("sqlite:/var/lib/tessera/store.db", "/var/lib/tessera/store.db"),
        ("sqlite:relative/store.db", "relative/store.db"),
        ("data: with spaces/store.db", "data: with spaces/store.db"),
    ])
    func pathsAndSQLitePrefixesNameSQLite(_ text: String, _ path: String) throws {
        #expect(try StoreLocation(parsing: text) == .sqlite(path: path))
    }

    @Test func postgresURLsAreParsedInFull() throws {
        let location = try StoreLocation(parsing: "postgres://tessera:s%40cret@db.example:6432/sts?sslmode=require")
        #expect(
            location
                == .postgres(
                    PostgresLocation(
                        host: "db.example", port: 6432, user: "tessera", password: "s@cret", database: "sts", tls: .require)))
    }

    @Test func postgresqlSchemeDefaultsAndIPv6() throws {
        #expect(
            try StoreLocation(parsing: "postgresql://app@127.0.0.1/tessera")
                == .postgres(
                    PostgresLocation(
                        host: "127.0.0.1", port: 5432, user: "app", password: nil, database: "tessera", tls: .prefer)))
        #expect(
            try StoreLocation(parsing: "POSTGRES://app@[::1]:5433/tessera?sslmode=disable")
                == .postgres(
                    PostgresLocation(
                        host: "::1", port: 5433, user: "app", password: nil, database: "tessera", tls: .disable)))
    }

    @Test(arguments: [
        ("", "empty"),
        ("sqlite:", "needs a path"),
        ("sqlite:///var/db", "sqlite:PATH"),
        ("mysql://root@localhost/db", "unsupported store scheme 'mysql'"),
        ("redis://localhost:6379", "unsupported store scheme 'redis'"),
        ("postgres:tessera@localhost/db", "is a URL"),
        ("postgres://localhost:5432/db", "no user"),
        ("postgres://tessera@:5432/db", "no host"),
        ("postgres://tessera@localhost:5432", "no database"),
        ("postgres://tessera@localhost:5432/", "no database"),
        ("postgres://tessera@localhost/db/extra", "beyond the database"),
        ("postgres://tessera@localhost:0/db", "not in 1…65535"),
        ("postgres://tessera@localhost:70000/db", "not in 1…65535"),
        ("postgres://tessera@localhost:port/db", "not a PostgreSQL URL"),
        ("postgres://tessera@localhost/db?sslmode=verify-ca", "sslmode is disable, prefer or require"),
        ("postgres://tessera@localhost/db?application_name=x", "unknown PostgreSQL URL parameter 'application_name'"),
        ("postgres://tessera@localhost/db#frag", "fragment"),
        ("bad\0path", "NUL"),
    ])
    func everythingElseIsRefusedWithAReason(_ text: String, _ reason: String) throws {
        let error = try #require(throws: StoreError.self) { try StoreLocation(parsing: text) }
        #expect(error.code == .invalidLocation)
        #expect(error.reason.contains(reason), "\(error.reason)")
    }

    @Test func descriptionsNeverShowThePassword() throws {
        let location = try StoreLocation(parsing: "postgres://tessera:hunter2@db.example:5432/sts")
        #expect(location.description == "postgres://tessera:***@db.example:5432/sts?sslmode=prefer")
        #expect(!"\(location)".contains("hunter2"))
        #expect(try StoreLocation(parsing: "sqlite:/tmp/x.db").description == "sqlite:/tmp/x.db")
    }

    @Test func openGivesTheStoreOfTheLocation() throws {
        let directory = try TemporaryDirectory()
        let sqlite = try StoreLocation(parsing: directory.path("opened.sqlite")).open(masterKey: .generate(), logger: .init(label: "test"))
        #expect(sqlite is SQLiteStore)
        #expect(FileManager.default.fileExists(atPath: directory.path("opened.sqlite")))
        let postgres = try StoreLocation(parsing: "postgres://tessera@127.0.0.1:5432/postgres").open(masterKey: .generate(), logger: .init(label: "test"))
        #expect((postgres as? PostgresStore)?.schema == PostgresStore.defaultSchema)
    }
}
