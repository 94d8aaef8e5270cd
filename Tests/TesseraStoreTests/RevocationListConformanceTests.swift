import Foundation
import Testing
import TesseraStore

/// The durable revocation list of cookie contexts: a revocation is in force until its expiry,
/// covers one instance or all of them, is seen by every instance sharing the store, and is purged
/// once expired.
struct RevocationListConformanceTests {
    @Test(arguments: StoreKind.tested)
    func aRevocationCoversItsInstanceOrTheWholeContextUntilItExpires(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let store = subject.store
            let now = Sample.now
            let renewed = Sample.uniqueID("urn:uuid:renewed-")
            try await store.revoke(identifier: renewed, instance: "old", until: now.addingTimeInterval(60))
            #expect(try await store.isRevoked(identifier: renewed, instance: "old", now: now))
            #expect(try await store.isRevoked(identifier: renewed, instance: "new", now: now) == false)
            #expect(try await store.isRevoked(identifier: renewed, instance: nil, now: now) == false)
            // In force until the expiry, not at it.
            #expect(try await store.isRevoked(identifier: renewed, instance: "old", now: now.addingTimeInterval(59.999)))
            #expect(try await store.isRevoked(identifier: renewed, instance: "old", now: now.addingTimeInterval(60)) == false)

            let cancelled = Sample.uniqueID("urn:uuid:cancelled-")
            try await store.revoke(identifier: cancelled, instance: nil, until: now.addingTimeInterval(60))
            #expect(try await store.isRevoked(identifier: cancelled, instance: nil, now: now))
            #expect(try await store.isRevoked(identifier: cancelled, instance: "any instance", now: now))
            #expect(try await store.isRevoked(identifier: Sample.uniqueID("urn:uuid:other-"), instance: nil, now: now) == false)
        }
    }

    @Test(arguments: StoreKind.tested)
    func aSecondRevocationNeverShortensTheFirst(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let store = subject.store
            let now = Sample.now
            let identifier = Sample.uniqueID("urn:uuid:")
            try await store.revoke(identifier: identifier, instance: nil, until: now.addingTimeInterval(600))
            try await store.revoke(identifier: identifier, instance: nil, until: now.addingTimeInterval(10))
            #expect(try await store.isRevoked(identifier: identifier, instance: nil, now: now.addingTimeInterval(300)))
            try await store.revoke(identifier: identifier, instance: nil, until: now.addingTimeInterval(900))
            #expect(try await store.isRevoked(identifier: identifier, instance: nil, now: now.addingTimeInterval(800)))
        }
    }

    /// A Cancel answered by one `tessera serve` instance is honoured by the others at once.
    @Test(arguments: StoreKind.tested)
    func anotherInstanceSeesTheRevocationAtOnce(_ kind: StoreKind) async throws {
        let key = MasterKey.generate()
        try await withStore(kind, masterKey: key) { subject in
            let now = Sample.now
            let first = Sample.uniqueID("urn:uuid:first-")
            let second = Sample.uniqueID("urn:uuid:second-")
            try await subject.store.revoke(identifier: first, instance: nil, until: now.addingTimeInterval(60))
            try await subject.withAnotherInstance(masterKey: key) { other in
                #expect(try await other.isRevoked(identifier: first, instance: "i1", now: now))
                try await other.revoke(identifier: second, instance: "i2", until: now.addingTimeInterval(60))
            }
            #expect(try await subject.store.isRevoked(identifier: second, instance: "i2", now: now))
            #expect(try await subject.store.isRevoked(identifier: second, instance: "i3", now: now) == false)
        }
    }

    @Test(arguments: StoreKind.tested)
    func purgeDeletesExpiredRevocationsOnly(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let store = subject.store
            let cutoff = Sample.now
            let expired = Sample.uniqueID("urn:uuid:expired-")
            let live = Sample.uniqueID("urn:uuid:live-")
            try await store.revoke(identifier: expired, instance: nil, until: cutoff.addingTimeInterval(-1))
            try await store.revoke(identifier: live, instance: "i", until: cutoff.addingTimeInterval(1))
            #expect(try await store.purgeExpired(before: cutoff) == PurgeCounts(tokens: 0, contexts: 0, replayEntries: 0, revocations: 1))
            #expect(try await store.isRevoked(identifier: live, instance: "i", now: cutoff))
            #expect(try await store.purgeExpired(before: cutoff) == PurgeCounts(tokens: 0, contexts: 0, replayEntries: 0, revocations: 0))
            #expect(try await store.purge(expiredBefore: cutoff.addingTimeInterval(2)) == 1)
            #expect(try await store.isRevoked(identifier: live, instance: "i", now: cutoff.addingTimeInterval(-10)) == false)
        }
    }
}
