import Foundation
import PostgresNIO
public import StoreProtocols

// MARK: SecurityContextStore
extension PostgresStore {
    /// Stores a new context or replaces an active one (renewal), its secret sealed. Refuses
    /// (``StoreError/Code-swift.struct/contextCancelled``) to replace a context any instance
    /// cancelled, so a renewal racing a cancellation cannot bring it back.
    public func save(_ record: SecurityContextRecord) async throws {
        let row = try SealedContextRow(record, sealer: sealer)
        let saved = try await perform("save context") { [schema] client, logger in
            try await Self.hasRow(
                client.query(
                    """
                    INSERT INTO \(unescaped: schema).security_contexts AS existing
                        (identifier, instance, owner, claims, bootstrap_issuer, bootstrap_assertion, created_us, expires_us, status,
                         sealed_secret, master_key_id, applies_to)
                    VALUES (\(row.identifier), \(row.instance), \(row.owner), \(row.claims), \(row.bootstrapIssuer),
                            \(row.bootstrapAssertion), \(row.created), \(row.expires), \(row.status),
                            \(ByteBuffer(bytes: row.sealedSecret)), \(ByteBuffer(bytes: row.masterKeyIdentifier)), \(row.appliesTo))
                    ON CONFLICT (identifier) DO UPDATE SET
                        instance = EXCLUDED.instance, owner = EXCLUDED.owner, claims = EXCLUDED.claims,
                        bootstrap_issuer = EXCLUDED.bootstrap_issuer, bootstrap_assertion = EXCLUDED.bootstrap_assertion,
                        created_us = EXCLUDED.created_us,
                        expires_us = EXCLUDED.expires_us, status = EXCLUDED.status,
                        sealed_secret = EXCLUDED.sealed_secret, master_key_id = EXCLUDED.master_key_id,
                        applies_to = EXCLUDED.applies_to
                    WHERE existing.status = 'active'
                    RETURNING identifier
                    """, logger: logger))
        }
        guard saved else { throw StoreError(.contextCancelled, "context \(record.identifier) was cancelled; it cannot be saved again") }
    }

    /// The context with its secret opened, or nil when unknown or purged; cancelled and expired
    /// (not yet purged) contexts are returned as stored. Throws
    /// ``StoreError/Code-swift.struct/masterKeyMismatch`` or
    /// ``StoreError/Code-swift.struct/secretUnreadable`` rather than return a wrong secret.
    public func context(identifier: String) async throws -> SecurityContextRecord? {
        let row = try await perform("read context") { [schema] client, logger -> SealedContextRow? in
            let rows = try await client.query(
                """
                SELECT identifier, instance, owner, claims, bootstrap_issuer, bootstrap_assertion, created_us, expires_us, status,
                       sealed_secret, master_key_id, applies_to
                FROM \(unescaped: schema).security_contexts WHERE identifier = \(identifier)
                """, logger: logger)
            var found: SealedContextRow?
            for try await (identifier, instance, owner, claims, bootstrapIssuer, bootstrapAssertion, created, expires, status, sealed, keyIdentifier, appliesTo)
                in rows
                .decode((String, String?, String, String, String?, String?, Int64, Int64, String, ByteBuffer, ByteBuffer, String?).self)
            {
                found = SealedContextRow(
                    identifier: identifier, instance: instance, owner: owner, claims: claims, bootstrapIssuer: bootstrapIssuer,
                    bootstrapAssertion: bootstrapAssertion, created: created, expires: expires, status: status,
                    sealedSecret: Array(sealed.readableBytesView), masterKeyIdentifier: Array(keyIdentifier.readableBytesView),
                    appliesTo: appliesTo)
            }
            return found
        }
        return try row?.record(sealer: sealer)
    }

    /// Replaces `current` with `updated` in one conditional UPDATE (the row still active, with
    /// `current`'s Instance and claims), the new secret sealed; false when the row changed.
    public func replace(_ current: SecurityContextRecord, with updated: SecurityContextRecord) async throws -> Bool {
        precondition(current.identifier == updated.identifier, "a context is replaced by the same context")
        let expected = try SealedContextRow(current, sealer: sealer)
        let row = try SealedContextRow(updated, sealer: sealer)
        return try await perform("replace context") { [schema] client, logger in
            try await Self.hasRow(
                client.query(
                    """
                    UPDATE \(unescaped: schema).security_contexts SET
                        instance = \(row.instance), owner = \(row.owner), claims = \(row.claims),
                        bootstrap_issuer = \(row.bootstrapIssuer), bootstrap_assertion = \(row.bootstrapAssertion),
                        created_us = \(row.created), expires_us = \(row.expires), status = \(row.status),
                        sealed_secret = \(ByteBuffer(bytes: row.sealedSecret)), master_key_id = \(ByteBuffer(bytes: row.masterKeyIdentifier)),
                        applies_to = \(row.appliesTo)
                    WHERE identifier = \(row.identifier) AND status = 'active'
                        AND instance IS NOT DISTINCT FROM \(expected.instance) AND claims = \(expected.claims)
                    RETURNING identifier
                    """, logger: logger))
        }
    }

    public func cancel(identifier: String) async throws -> Bool {
        try await perform("cancel context") { [schema] client, logger in
            try await Self.hasRow(
                client.query(
                    """
                    UPDATE \(unescaped: schema).security_contexts SET status = 'cancelled'
                    WHERE identifier = \(identifier)
                    RETURNING identifier
                    """, logger: logger))
        }
    }
}
