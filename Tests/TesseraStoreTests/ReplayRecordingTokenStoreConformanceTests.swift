import Foundation
import SecurityCore
import StoreProtocols
import Testing
import TesseraStore

/// A token record written with the replay entries of the request that asked for it, in one
/// transaction, the same for both stores: all or nothing, a live entry rolls everything back,
/// an expired one is replaced, and of concurrent transactions recording one entry — on one
/// instance or two sharing the data — exactly one commits.
struct ReplayRecordingTokenStoreConformanceTests {
    static func entry(_ expiry: Date = Sample.now.addingTimeInterval(300)) -> ReplayEntry {
        ReplayEntry(value: Array(Sample.uniqueID("signed-info-").utf8), expiry: expiry)
    }

    @Test(arguments: StoreKind.tested)
    func theRecordAndEveryEntryAreCommittedTogether(_ kind: StoreKind) async throws {
        try await withStore(kind) { (subject) async throws in
            let store = subject.store
            let token = Sample.token()
            let entries = [Self.entry(), Self.entry()]
            #expect(try await store.insert(token, recording: entries, now: Sample.now) == .recorded)
            #expect(try await store.record(id: token.id) == token)
            for entry in entries {
                #expect(try await store.isRecorded(entry.value, now: Sample.now.addingTimeInterval(299)))
                #expect(try await !store.insertIfAbsent(entry.value, expiry: entry.expiry, now: Sample.now.addingTimeInterval(1)))
                // Forgotten at its expiry, as insertIfAbsent's entries are.
                #expect(try await !store.isRecorded(entry.value, now: entry.expiry))
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func aLiveEntryRollsBackTheRecordAndTheOtherEntries(_ kind: StoreKind) async throws {
        try await withStore(kind) { (subject) async throws in
            let store = subject.store
            let live = Self.entry()
            #expect(try await store.insertIfAbsent(live.value, expiry: live.expiry, now: Sample.now))
            let fresh = Self.entry()
            let token = Sample.token()
            #expect(try await store.insert(token, recording: [fresh, live], now: Sample.now) == .replayed(entryIndex: 1))
            #expect(try await store.record(id: token.id) == nil)
            #expect(try await !store.isRecorded(fresh.value, now: Sample.now))
            // The same request again, without the live entry, is recorded.
            #expect(try await store.insert(token, recording: [fresh], now: Sample.now) == .recorded)
        }
    }

    @Test(arguments: StoreKind.tested)
    func anExpiredEntryCountsAsAbsentAndIsReplaced(_ kind: StoreKind) async throws {
        try await withStore(kind) { (subject) async throws in
            let store = subject.store
            let old = Self.entry(Sample.now.addingTimeInterval(-1))
            #expect(try await store.insertIfAbsent(old.value, expiry: old.expiry, now: Sample.now.addingTimeInterval(-60)))
            let renewed = ReplayEntry(value: old.value, expiry: Sample.now.addingTimeInterval(300))
            #expect(try await store.insert(Sample.token(), recording: [renewed], now: Sample.now) == .recorded)
            #expect(try await store.isRecorded(old.value, now: Sample.now.addingTimeInterval(299)))
        }
    }

    @Test(arguments: StoreKind.tested)
    func aDuplicateTokenIDIsRefusedAndItsEntriesRolledBack(_ kind: StoreKind) async throws {
        try await withStore(kind) { (subject) async throws in
            let store = subject.store
            let token = Sample.token()
            try await store.insert(token)
            let entry = Self.entry()
            await #expect(throws: StoreError.self) { try await store.insert(token, recording: [entry], now: Sample.now) }
            #expect(try await !store.isRecorded(entry.value, now: Sample.now))
        }
    }

    @Test(arguments: StoreKind.tested)
    func ofConcurrentTransactionsRecordingOneEntryExactlyOneCommits(_ kind: StoreKind) async throws {
        let key = MasterKey.generate()
        try await withStore(kind, masterKey: key) { (subject) async throws in
            try await subject.withAnotherInstance(masterKey: key) { other in
                let stores = [subject.store, other]
                let entry = Self.entry()
                let tokens = (0..<12).map { _ in Sample.token() }
                let outcomes = try await withThrowingTaskGroup(of: (String, ReplayCheckedInsert).self) { group in
                    for (index, token) in tokens.enumerated() {
                        let store = stores[index % 2]
                        group.addTask { (token.id, try await store.insert(token, recording: [entry], now: Sample.now)) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let committed = outcomes.filter { $0.1 == .recorded }
                #expect(committed.count == 1)
                #expect(outcomes.filter { $0.1 == .replayed(entryIndex: 0) }.count == 11)
                for token in tokens {
                    let stored = try await subject.store.record(id: token.id)
                    #expect((stored != nil) == committed.contains { $0.0 == token.id })
                }
            }
        }
    }
}
