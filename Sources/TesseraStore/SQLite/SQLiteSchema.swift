import GRDB

/// The SQLite schema, as GRDB migrations. Every table is `STRICT` (SQLite checks column types)
/// and `WITHOUT ROWID` (rows live in their primary-key B-tree: a lookup by id or identifier is one
/// tree search). Contexts and revocations have an index on their expiry for purges; tokens and
/// replay entries, written on every issuance, are purged by a walk in key order. Times are microseconds since 1970
/// (``StoreTime``).
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 tokens, contexts, replay entries") { db in
            try db.execute(
                sql: """
                    CREATE TABLE issued_tokens (
                        id TEXT NOT NULL PRIMARY KEY,
                        token_type TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        requestor TEXT NOT NULL,
                        applies_to TEXT,
                        relying_party TEXT,
                        created_us INTEGER NOT NULL,
                        expires_us INTEGER NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('issued', 'renewed', 'cancelled')),
                        renewable INTEGER NOT NULL CHECK (renewable IN (0, 1)),
                        renewed_from TEXT
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX issued_tokens_by_expiry ON issued_tokens (expires_us);

                    CREATE TABLE security_contexts (
                        identifier TEXT NOT NULL PRIMARY KEY,
                        instance TEXT,
                        owner TEXT NOT NULL,
                        created_us INTEGER NOT NULL,
                        expires_us INTEGER NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
                        sealed_secret BLOB NOT NULL,
                        master_key_id BLOB NOT NULL
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX security_contexts_by_expiry ON security_contexts (expires_us);

                    CREATE TABLE replay_entries (
                        digest BLOB NOT NULL PRIMARY KEY,
                        expires_us INTEGER NOT NULL
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX replay_entries_by_expiry ON replay_entries (expires_us);
                    """)
        }
        // WS-Trust 1.3 §5 Renewing/@OK: whether a token may be renewed after it expired. Rows
        // written before this column existed read as not renewable after expiry (OK's default).
        migrator.registerMigration("v2 renewable after expiry") { db in
            try db.execute(
                sql: """
                    ALTER TABLE issued_tokens
                        ADD COLUMN renewable_after_expiry INTEGER NOT NULL DEFAULT 0 CHECK (renewable_after_expiry IN (0, 1))
                    """)
        }
        migrator.registerMigration("v3 revoked contexts") { db in
            // A revocation of every instance of a context has instance '' (the key needs a value).
            try db.execute(
                sql: """
                    CREATE TABLE revoked_contexts (
                        identifier TEXT NOT NULL,
                        instance TEXT NOT NULL,
                        expires_us INTEGER NOT NULL,
                        PRIMARY KEY (identifier, instance)
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX revoked_contexts_by_expiry ON revoked_contexts (expires_us);
                    """)
        }
        // WS-SC 1.3 §3: the service a token service issued a context for (AppliesTo); null for
        // a context a service established for itself, as every row written before.
        migrator.registerMigration("v4 context applies to") { db in
            try db.execute(sql: "ALTER TABLE security_contexts ADD COLUMN applies_to TEXT")
        }
        // WS-SC 1.3 §7 Amend adds claims to a context; a context established with an issued
        // assertion remembers it, to end with it. Rows written before read as neither.
        migrator.registerMigration("v5 context claims and bootstrap assertion") { db in
            try db.execute(
                sql: """
                    ALTER TABLE security_contexts ADD COLUMN claims TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE security_contexts ADD COLUMN bootstrap_issuer TEXT;
                    ALTER TABLE security_contexts ADD COLUMN bootstrap_assertion TEXT;
                    """)
        }
        // Every issuance writes a token record and a replay entry; an index on their expiry made
        // it four B-tree insertions, about six pages in the log per issuance. The purge walks
        // these two tables in primary-key order instead (``SQLiteStore/purgeExpired(before:)``),
        // and an issuance writes about three and a half.
        migrator.registerMigration("v6 token and replay purges by key order") { db in
            try db.execute(
                sql: """
                    DROP INDEX issued_tokens_by_expiry;
                    DROP INDEX replay_entries_by_expiry;
                    """)
        }
        return migrator
    }
}
