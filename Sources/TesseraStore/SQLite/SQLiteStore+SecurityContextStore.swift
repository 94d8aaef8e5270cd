import Foundation
import GRDB
public import StoreProtocols

// MARK: SecurityContextStore
extension SQLiteStore {
    /// Stores a new context or replaces an active one with the same identifier (renewal), its
    /// secret sealed. Refuses (``StoreError/Code-swift.struct/contextCancelled``) to replace a
    /// cancelled context, so a renewal racing a cancellation cannot bring the context back.
    public func save(_ record: SecurityContextRecord) async throws {
        try await save(contentsOf: [record])
    }

    /// Saves `records` in one transaction, with the rules of ``save(_:)``: all or none.
    /// For bulk loads (one transaction instead of one per context).
    public func save(contentsOf records: [SecurityContextRecord]) async throws {
        let rows = try records.map { try SealedContextRow($0, sealer: sealer) }
        try await write("save context") { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO security_contexts
                        (identifier, instance, owner, claims, bootstrap_issuer, bootstrap_assertion, created_us, expires_us,
                         status, sealed_secret, master_key_id, applies_to)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (identifier) DO UPDATE SET
                        instance = excluded.instance, owner = excluded.owner, claims = excluded.claims,
                        bootstrap_issuer = excluded.bootstrap_issuer, bootstrap_assertion = excluded.bootstrap_assertion,
                        created_us = excluded.created_us,
                        expires_us = excluded.expires_us, status = excluded.status,
                        sealed_secret = excluded.sealed_secret, master_key_id = excluded.master_key_id,
                        applies_to = excluded.applies_to
                    WHERE security_contexts.status = 'active'
                    """)
            for row in rows {
                try statement.execute(arguments: [
                    row.identifier, row.instance, row.owner, row.claims, row.bootstrapIssuer, row.bootstrapAssertion, row.created, row.expires, row.status,
                    Data(row.sealedSecret), Data(row.masterKeyIdentifier), row.appliesTo,
                ])
                guard db.changesCount == 1 else {
                    throw StoreError(.contextCancelled, "context \(row.identifier) was cancelled; it cannot be saved again")
                }
            }
        }
    }

    /// The context with its secret opened, or nil when unknown or purged. Cancelled and expired
    /// (not yet purged) contexts are returned as stored: the caller checks status and expiry.
    /// Throws ``StoreError/Code-swift.struct/masterKeyMismatch`` or
    /// ``StoreError/Code-swift.struct/secretUnreadable`` rather than return a wrong secret.
    public func context(identifier: String) async throws -> SecurityContextRecord? {
        let row = try await read("read context") { db -> SealedContextRow? in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM security_contexts WHERE identifier = ?"), arguments: [identifier]) else {
                return nil
            }
            return SealedContextRow(
                identifier: try row.decode(forColumn: "identifier"),
                instance: try row.decode(forColumn: "instance"),
                owner: try row.decode(forColumn: "owner"),
                claims: try row.decode(forColumn: "claims"),
                bootstrapIssuer: try row.decode(forColumn: "bootstrap_issuer"),
                bootstrapAssertion: try row.decode(forColumn: "bootstrap_assertion"),
                created: try row.decode(forColumn: "created_us"),
                expires: try row.decode(forColumn: "expires_us"),
                status: try row.decode(forColumn: "status"),
                sealedSecret: [UInt8](try row.decode(Data.self, forColumn: "sealed_secret")),
                masterKeyIdentifier: [UInt8](try row.decode(Data.self, forColumn: "master_key_id")),
                appliesTo: try row.decode(forColumn: "applies_to"))
        }
        return try row?.record(sealer: sealer)
    }

    /// Replaces `current` with `updated` in one conditional UPDATE (the row still active, with
    /// `current`'s Instance and claims), the new secret sealed; false when the row changed.
    public func replace(_ current: SecurityContextRecord, with updated: SecurityContextRecord) async throws -> Bool {
        precondition(current.identifier == updated.identifier, "a context is replaced by the same context")
        let expected = try SealedContextRow(current, sealer: sealer)
        let row = try SealedContextRow(updated, sealer: sealer)
        return try await write("replace context") { db in
            try db.cachedStatement(
                sql: """
                    UPDATE security_contexts SET
                        instance = ?, owner = ?, claims = ?, bootstrap_issuer = ?, bootstrap_assertion = ?, created_us = ?,
                        expires_us = ?, status = ?, sealed_secret = ?, master_key_id = ?, applies_to = ?
                    WHERE identifier = ? AND status = 'active' AND instance IS ? AND claims = ?
                    """
            ).execute(arguments: [
                row.instance, row.owner, row.claims, row.bootstrapIssuer, row.bootstrapAssertion, row.created, row.expires, row.status,
                Data(row.sealedSecret), Data(row.masterKeyIdentifier), row.appliesTo,
                row.identifier, expected.instance, expected.claims,
            ])
            return db.changesCount == 1
        }
    }

    public func cancel(identifier: String) async throws -> Bool {
        try await change(
            "cancel context", sql: "UPDATE security_contexts SET status = 'cancelled' WHERE identifier = ?",
            arguments: [identifier]) == 1
    }
}
