import Foundation
import StoreProtocols
import Testing
@testable import STS

/// The in-memory token store honours the TokenStore contract.
struct InMemoryTokenStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func record(_ id: String, expires: TimeInterval = 600) -> IssuedTokenRecord {
        IssuedTokenRecord(
            id: id, tokenType: "urn:t", subject: "jdoe", requestor: "x509:gateway", appliesTo: nil, relyingParty: nil,
            created: now, expires: now.addingTimeInterval(expires), renewable: true)
    }

    @Test func recordsAreInsertedOnceAndReadBack() async throws {
        let store = InMemoryTokenStore()
        try await store.insert(record("_a"))
        #expect(try await store.record(id: "_a") == record("_a"))
        #expect(try await store.record(id: "_b") == nil)
        await #expect(throws: DuplicateTokenRecord.self) { try await store.insert(record("_a")) }
    }

    @Test func transitionsAreConditional() async throws {
        let store = InMemoryTokenStore()
        try await store.insert(record("_a"))
        #expect(try await store.transition(id: "_a", from: .issued, to: .cancelled))
        #expect(try await !store.transition(id: "_a", from: .issued, to: .renewed))
        #expect(try await store.record(id: "_a")?.status == .cancelled)
        #expect(try await !store.transition(id: "_missing", from: .issued, to: .cancelled))
    }

    /// Of many concurrent transitions from `issued`, exactly one wins.
    @Test func concurrentTransitionsHaveOneWinner() async throws {
        let store = InMemoryTokenStore()
        try await store.insert(record("_a"))
        let wins = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask { (try? await store.transition(id: "_a", from: .issued, to: index.isMultiple(of: 2) ? .renewed : .cancelled)) ?? false }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
    }

    @Test func purgeRemovesOnlyRecordsExpiredBeforeTheCutoff() async throws {
        let store = InMemoryTokenStore()
        try await store.insert(record("_old", expires: 60))
        try await store.insert(record("_new", expires: 6000))
        #expect(try await store.purge(expiredBefore: now.addingTimeInterval(120)) == 1)
        #expect(try await store.record(id: "_old") == nil)
        #expect(try await store.record(id: "_new") != nil)
        #expect(store.count == 1)
    }
}
