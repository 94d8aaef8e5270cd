import Logging
import PostgresNIO

/// The PostgreSQL schema: the same tables as ``SQLiteSchema`` in a schema of their own
/// (`tessera` unless configured), created idempotently when a ``PostgresStore`` starts. Starters
/// take a transaction-scoped advisory lock of their schema first (``creationLock(_:)``), so
/// several instances of one schema starting together do not race on `CREATE … IF NOT EXISTS`,
/// while instances of other schemas never wait for each other.
///
/// Versions: 1 created the tables; 2 added `issued_tokens.renewable_after_expiry` (WS-Trust 1.3
/// §5 Renewing/@OK), false for rows written before; 3 added `revoked_contexts` (cancelled
/// cookie security contexts); 4 added `security_contexts.applies_to` (the service a token
/// service issued a context for, WS-SC 1.3 §3); 5 added `security_contexts.claims` (WS-SC 1.3 §7
/// Amend, `[]` for rows written before) and the bootstrap assertion columns. Each change is an
/// idempotent statement
/// after the version-1 ones, never an edit of them.
enum PostgresSchema {
    static let version = 5

    /// A schema name interpolated into SQL: refuses anything but `[a-z_][a-z0-9_]{0,62}`.
    static func validatedName(_ name: String) throws -> String {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 63,
            first == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
            bytes.allSatisfy({
                $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
            })
        else {
            throw StoreError(.invalidLocation, "a PostgreSQL schema name is 1 to 63 of a-z, 0-9 and _, not starting with a digit")
        }
        return name
    }

    static func statements(_ schema: String) -> [String] {
        [
            "CREATE SCHEMA IF NOT EXISTS \(schema)",
            """
            CREATE TABLE IF NOT EXISTS \(schema).issued_tokens (
                id text PRIMARY KEY,
                token_type text NOT NULL,
                subject text NOT NULL,
                requestor text NOT NULL,
                applies_to text,
                relying_party text,
                created_us bigint NOT NULL,
                expires_us bigint NOT NULL,
                status text NOT NULL CHECK (status IN ('issued', 'renewed', 'cancelled')),
                renewable boolean NOT NULL,
                renewed_from text
            )
            """,
            "CREATE INDEX IF NOT EXISTS issued_tokens_by_expiry ON \(schema).issued_tokens (expires_us)",
            """
            CREATE TABLE IF NOT EXISTS \(schema).security_contexts (
                identifier text PRIMARY KEY,
                instance text,
                owner text NOT NULL,
                created_us bigint NOT NULL,
                expires_us bigint NOT NULL,
                status text NOT NULL CHECK (status IN ('active', 'cancelled')),
                sealed_secret bytea NOT NULL,
                master_key_id bytea NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS security_contexts_by_expiry ON \(schema).security_contexts (expires_us)",
            """
            CREATE TABLE IF NOT EXISTS \(schema).replay_entries (
                digest bytea PRIMARY KEY,
                expires_us bigint NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS replay_entries_by_expiry ON \(schema).replay_entries (expires_us)",
            "CREATE TABLE IF NOT EXISTS \(schema).schema_version (version integer NOT NULL)",
            // Version 2.
            "ALTER TABLE \(schema).issued_tokens ADD COLUMN IF NOT EXISTS renewable_after_expiry boolean NOT NULL DEFAULT false",
            // Version 3.
            // A revocation of every instance of a context has instance '' (the key needs a value).
            """
            CREATE TABLE IF NOT EXISTS \(schema).revoked_contexts (
                identifier text NOT NULL,
                instance text NOT NULL,
                expires_us bigint NOT NULL,
                PRIMARY KEY (identifier, instance)
            )
            """,
            "CREATE INDEX IF NOT EXISTS revoked_contexts_by_expiry ON \(schema).revoked_contexts (expires_us)",
            // Version 4.
            "ALTER TABLE \(schema).security_contexts ADD COLUMN IF NOT EXISTS applies_to text",
            // Version 5.
            "ALTER TABLE \(schema).security_contexts ADD COLUMN IF NOT EXISTS claims text NOT NULL DEFAULT '[]'",
            "ALTER TABLE \(schema).security_contexts ADD COLUMN IF NOT EXISTS bootstrap_issuer text",
            "ALTER TABLE \(schema).security_contexts ADD COLUMN IF NOT EXISTS bootstrap_assertion text",
        ]
    }

    /// The versions `schema_version` holds; empty when the table does not exist.
    private static func storedVersions(_ schema: String, connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        let exists = try await connection.queryUntilClosed("SELECT to_regclass(\("\(schema).schema_version")) IS NOT NULL", logger: logger)
        var found = false
        for try await value in exists.decode(Bool.self) { found = value }
        guard found else { return [] }
        var stored: [Int] = []
        let versions = try await connection.queryUntilClosed("SELECT version FROM \(unescaped: schema).schema_version", logger: logger)
        for try await version in versions.decode(Int.self) { stored.append(version) }
        return stored
    }

    /// The transaction-scoped advisory lock that serializes the creation and migration of
    /// `schema`: the two-key form, a class key for Tessera's schema locks and the hash of the
    /// schema's name. Two names with the same 32-bit hash only serialize their starts.
    static func creationLock(_ schema: String) -> PostgresQuery {
        "SELECT pg_advisory_xact_lock(hashtext('tessera-store schema'), hashtext(\(schema)))"
    }

    /// How long a statement of the schema transaction waits for a table lock (`lock_timeout`)
    /// before the attempt fails with SQLSTATE 55P03 and is tried again like any other
    /// unavailable failure (``PostgresStore``'s schema attempts).
    ///
    /// It bounds two waits. A migration's `ALTER TABLE` queues for an `ACCESS EXCLUSIVE` lock,
    /// and every statement of the serving instances queues behind it: a long transaction (a
    /// `pg_dump`, say) would otherwise stall their traffic for as long as it runs. And
    /// PostgreSQL notices that a client has gone only when it next reads from or writes to the
    /// connection, after the statement under way: the backend of a store stopped during such a
    /// wait keeps waiting, holding the schema's advisory lock and the locks it took, until it
    /// gets the lock it waits for. `lock_timeout` works on every server version and platform,
    /// and needs no other connection; cancelling the backend (`pg_cancel_backend`) from the
    /// stopping store would need a new connection just as its pool closes, to a server that may
    /// be unreachable, and `client_connection_check_interval` needs PostgreSQL 14 on some
    /// platforms only. The advisory lock's own wait is not bounded: it waits only for another
    /// start of the same schema, whose waits are.
    static let lockTimeoutMilliseconds = 5_000

    /// Creates what is missing, records the version, and refuses a schema a newer Tessera wrote.
    /// A schema already at this version is left untouched: its statements, idempotent as they
    /// are, would still lock the tables that instances serving the schema write. Every statement
    /// ends when the pool closes the connection, so a store stopped while this transaction waits
    /// for a lock stops; the wait itself ends on the server within ``lockTimeoutMilliseconds``.
    static func create(_ schema: String, client: PostgresClient, logger: Logger) async throws {
        try await client.withTransactionUntilClosed(logger: logger) { connection in
            try await connection.queryUntilClosed(creationLock(schema), logger: logger)
            try await connection.queryUntilClosed(
                PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = \(lockTimeoutMilliseconds)"), logger: logger)
            if try await storedVersions(schema, connection: connection, logger: logger) == [version] { return }
            for statement in statements(schema) {
                try await connection.queryUntilClosed(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            let stored = try await storedVersions(schema, connection: connection, logger: logger)
            if stored.isEmpty {
                try await connection.queryUntilClosed("INSERT INTO \(unescaped: schema).schema_version (version) VALUES (\(version))", logger: logger)
            } else if stored.contains(where: { $0 > version }) {
                throw StoreError(.incompatibleSchema, "PostgreSQL schema \(schema) was written by a newer Tessera (version \(stored.max()!))")
            } else if stored.contains(where: { $0 < version }) {
                try await connection.queryUntilClosed("UPDATE \(unescaped: schema).schema_version SET version = \(version)", logger: logger)
            }
        }
    }
}
