import Foundation
import StoreProtocols
import Testing
import TesseraStore

/// Purging deletes what expired before the cutoff, in every table, and nothing else.
struct PurgeConformanceTests {
    @Test(arguments: StoreKind.tested)
    func purgeDeletesExactlyTheExpiredRows(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let store = subject.store
            let cutoff = Sample.now
            let expiredToken = Sample.token(created: cutoff.addingTimeInterval(-600), expires: cutoff.addingTimeInterval(-0.001))
            let liveToken = Sample.token(expires: cutoff)  // expires at the cutoff: not before it
            let expiredContext = Sample.context(created: cutoff.addingTimeInterval(-600), expires: cutoff.addingTimeInterval(-1))
            let liveContext = Sample.context(expires: cutoff.addingTimeInterval(1))
            try await store.insert(expiredToken)
            try await store.insert(liveToken)
            try await store.save(expiredContext)
            try await store.save(liveContext)
            let oldNonce = Array("old nonce".utf8)
            let freshNonce = Array("fresh nonce".utf8)
            _ = try await store.insertIfAbsent(oldNonce, expiry: cutoff.addingTimeInterval(-5), now: cutoff.addingTimeInterval(-300))
            _ = try await store.insertIfAbsent(freshNonce, expiry: cutoff.addingTimeInterval(5), now: cutoff.addingTimeInterval(-300))

            let counts = try await store.purgeExpired(before: cutoff)
            #expect(counts == PurgeCounts(tokens: 1, contexts: 1, replayEntries: 1))
            #expect(try await store.record(id: expiredToken.id) == nil)
            #expect(try await store.record(id: liveToken.id) == liveToken)
            #expect(try await store.context(identifier: expiredContext.identifier) == nil)
            #expect(try await store.context(identifier: liveContext.identifier) == liveContext)
            #expect(try await subject.replayDigests().count == 1)
            // The fresh nonce is still remembered.
            #expect(try await store.insertIfAbsent(freshNonce, expiry: cutoff.addingTimeInterval(5), now: cutoff) == false)

            #expect(try await store.purgeExpired(before: cutoff) == PurgeCounts(tokens: 0, contexts: 0, replayEntries: 0))
            // The requirement TokenStore and SecurityContextStore share purges every table.
            #expect(try await store.purge(expiredBefore: cutoff.addingTimeInterval(10)) == 3)
        }
    }
}
