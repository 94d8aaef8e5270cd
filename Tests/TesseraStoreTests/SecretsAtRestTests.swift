import Foundation
import SecureConversation
import Testing
import TesseraCrypto
import TesseraStore

/// Context secrets at rest: sealed under the master key, bound to their row.
struct SecretsAtRestTests {
    @Test(arguments: StoreKind.tested)
    func theStoredRowDoesNotContainTheSecret(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let context = Sample.context(secret: SecureRandom.bytes(32))
            try await subject.store.save(context)
            let row = try await subject.rawContextRow(of: context.identifier)
            #expect(row.contains(subsequence: Array(context.identifier.utf8)), "the raw row is read")
            #expect(!row.contains(subsequence: context.secret))
            #expect(!row.contains(subsequence: Array(context.secret.prefix(8))))
            let sealed = try await subject.sealedSecret(of: context.identifier)
            // version byte, 12-byte nonce, ciphertext, 16-byte tag
            #expect(sealed.count == 1 + 12 + context.secret.count + 16)
        }
    }

    /// Nowhere in the SQLite files, the write-ahead log included.
    @Test func theSQLiteFilesDoNotContainTheSecret() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let store = try SQLiteStore(path: path, masterKey: .generate())
        let contexts = (0..<20).map { _ in Sample.context(secret: SecureRandom.bytes(32)) }
        for context in contexts { try await store.save(context) }
        var files: [UInt8] = []
        for suffix in ["", "-wal"] {
            files += [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + suffix)))
        }
        #expect(files.contains(subsequence: Array(contexts[0].identifier.utf8)), "the files hold the rows")
        for context in contexts {
            #expect(!files.contains(subsequence: context.secret))
        }
    }

    @Test(arguments: StoreKind.tested)
    func anotherMasterKeyCannotReadTheSecret(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let context = Sample.context()
            let token = Sample.token()
            try await subject.store.save(context)
            try await subject.store.insert(token)
            try await subject.withAnotherInstance(masterKey: .generate()) { other in
                let error = try await #require(throws: StoreError.self) { try await other.context(identifier: context.identifier) }
                #expect(error.code == .masterKeyMismatch)
                // Everything else stays usable.
                #expect(try await other.record(id: token.id) == token)
                #expect(try await other.cancel(identifier: context.identifier) == true)
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func sealedSecretsSwappedBetweenRowsAreRefused(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let first = Sample.context()
            let second = Sample.context()
            try await subject.store.save(first)
            try await subject.store.save(second)
            let firstSealed = try await subject.sealedSecret(of: first.identifier)
            let secondSealed = try await subject.sealedSecret(of: second.identifier)
            try await subject.setSealedSecret(secondSealed, of: first.identifier)
            try await subject.setSealedSecret(firstSealed, of: second.identifier)
            for identifier in [first.identifier, second.identifier] {
                let error = try await #require(throws: StoreError.self) { try await subject.store.context(identifier: identifier) }
                #expect(error.code == .secretUnreadable)
            }
        }
    }

    /// The owner and lifetime are bound too: a database writer cannot hand a session to someone
    /// else or extend it.
    @Test(arguments: StoreKind.tested)
    func editedOwnerOrExpiryMakesTheSecretUnreadable(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let owned = Sample.context()
            let lifetime = Sample.context()
            try await subject.store.save(owned)
            try await subject.store.save(lifetime)
            try await subject.setOwner("CN=admin", of: owned.identifier)
            try await subject.setExpiry(microseconds: 4_102_444_800_000_000, of: lifetime.identifier)
            for identifier in [owned.identifier, lifetime.identifier] {
                let error = try await #require(throws: StoreError.self) { try await subject.store.context(identifier: identifier) }
                #expect(error.code == .secretUnreadable)
            }
        }
    }

    /// The service a context was issued for is bound too: a database writer can neither move a
    /// context to another service nor make it look like the service's own (no AppliesTo).
    @Test(arguments: StoreKind.tested)
    func editedAppliesToMakesTheSecretUnreadable(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            var moved = Sample.context()
            moved.appliesTo = "https://services.tessera.test/sts"
            var dropped = Sample.context()
            dropped.appliesTo = "https://services.tessera.test/sts"
            try await subject.store.save(moved)
            try await subject.store.save(dropped)
            try await subject.setAppliesTo("https://services.tessera.test/echo", of: moved.identifier)
            try await subject.setAppliesTo(nil, of: dropped.identifier)
            for identifier in [moved.identifier, dropped.identifier] {
                let error = try await #require(throws: StoreError.self) { try await subject.store.context(identifier: identifier) }
                #expect(error.code == .secretUnreadable)
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func aTamperedCiphertextIsRefused(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let context = Sample.context()
            try await subject.store.save(context)
            var sealed = try await subject.sealedSecret(of: context.identifier)
            sealed[20] ^= 0x01
            try await subject.setSealedSecret(sealed, of: context.identifier)
            let error = try await #require(throws: StoreError.self) { try await subject.store.context(identifier: context.identifier) }
            #expect(error.code == .secretUnreadable)
        }
    }

    /// The same key, loaded again from its file, reads what was sealed before.
    @Test func aMasterKeyReloadedFromItsFileReadsTheSecrets() async throws {
        let directory = try TemporaryDirectory()
        let keyURL = directory.url.appendingPathComponent("master.key")
        let path = directory.path("store.sqlite")
        let context = Sample.context()
        try await SQLiteStore(path: path, masterKey: try MasterKey.loadOrCreate(at: keyURL)).save(context)
        let reopened = try SQLiteStore(path: path, masterKey: try MasterKey.loadOrCreate(at: keyURL))
        #expect(try await reopened.context(identifier: context.identifier) == context)
    }
}
