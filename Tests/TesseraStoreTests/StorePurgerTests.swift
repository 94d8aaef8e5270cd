import Foundation
import Logging
import StoreProtocols
import STS
import SecureConversation
import ServiceLifecycle
import Synchronization
import Testing
import TesseraStore
import WSSecurity

/// The background purge: what it deletes, what it logs, how it stops and survives failures.
struct StorePurgerTests {
    @Test func purgeOnceDeletesWhatExpiredBeforeItsClockAndLogsTheCounts() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path("store.sqlite"), masterKey: .generate())
        let expired = Sample.token(expires: Sample.now.addingTimeInterval(-1))
        let live = Sample.token(expires: Sample.now.addingTimeInterval(1))
        try await store.insert(expired)
        try await store.insert(live)
        try await store.save(Sample.context(expires: Sample.now.addingTimeInterval(-1)))
        _ = try await store.insertIfAbsent([1], expiry: Sample.now.addingTimeInterval(-1), now: Sample.now.addingTimeInterval(-60))
        _ = try await store.insertIfAbsent([2], expiry: Sample.now.addingTimeInterval(-1), now: Sample.now.addingTimeInterval(-60))
        try await store.revoke(identifier: "urn:uuid:cancelled", instance: nil, until: Sample.now.addingTimeInterval(-1))
        try await store.revoke(identifier: "urn:uuid:live", instance: nil, until: Sample.now.addingTimeInterval(1))

        let capture = LogCapture()
        let purger = StorePurger(store: store, clock: .fixed(Sample.now), logger: capture.logger)
        #expect(await purger.purgeOnce() == PurgeCounts(tokens: 1, contexts: 1, replayEntries: 2, revocations: 1))
        #expect(try await store.record(id: expired.id) == nil)
        #expect(try await store.record(id: live.id) == live)
        let entry = try #require(capture.entries.last)
        #expect(entry.level == .info)
        #expect(entry.message == "purged expired records")
        #expect(entry.metadata == ["tokens": "1", "contexts": "1", "replayEntries": "2", "revocations": "1"])
        #expect(try await store.isRevoked(identifier: "urn:uuid:live", instance: nil, now: Sample.now))
    }

    /// With a retention (contexts renewable after expiry), a context and a revocation that
    /// expired less than the retention ago are kept; older ones go.
    @Test func aRetentionKeepsRecentlyExpiredContextsAndRevocations() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path("store.sqlite"), masterKey: .generate())
        let recent = Sample.context(expires: Sample.now.addingTimeInterval(-30))
        let old = Sample.context(expires: Sample.now.addingTimeInterval(-90))
        try await store.save(recent)
        try await store.save(old)
        try await store.revoke(identifier: recent.identifier, instance: nil, until: Sample.now.addingTimeInterval(-30))
        let purger = StorePurger(store: store, clock: .fixed(Sample.now), retention: 60, logger: LogCapture().logger)
        #expect(await purger.purgeOnce() == PurgeCounts(tokens: 0, contexts: 1, replayEntries: 0, revocations: 0))
        #expect(try await store.context(identifier: recent.identifier) == recent)
        #expect(try await store.context(identifier: old.identifier) == nil)
        #expect(try await store.isRevoked(identifier: recent.identifier, instance: nil, now: Sample.now.addingTimeInterval(-60)))
    }

    @Test func runPurgesAtItsIntervalAndStopsAtGracefulShutdown() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path("store.sqlite"), masterKey: .generate())
        let expired = Sample.token(expires: Date().addingTimeInterval(-1))
        try await store.insert(expired)
        let purger = StorePurger(store: store, interval: .milliseconds(10), logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [purger], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await eventually { try await store.record(id: expired.id) == nil }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(try await store.record(id: expired.id) == nil)
    }

    @Test func aFailedPurgeIsLoggedAndRetriedAtTheNextInterval() async throws {
        let store = FlakyStore()
        let capture = LogCapture()
        let purger = StorePurger(store: store, interval: .milliseconds(5), logger: capture.logger)
        let group = ServiceGroup(configuration: .init(services: [purger], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await eventually { store.purges >= 3 }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let failure = try #require(capture.entries.first)
        #expect(failure.level == .error)
        #expect(failure.message == "purging expired records failed")
        #expect(capture.entries.dropFirst().contains { $0.message == "purged expired records" })
    }
}

/// Polls `condition` until it holds; fails after 120 s (a hang guard, not a timing assertion: the
/// whole suite shares two cores and blocking oracle processes can starve the cooperative pool).
func eventually(_ condition: () async throws -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let deadline = ContinuousClock.now + .seconds(120)
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("the condition did not hold within 120 seconds", sourceLocation: sourceLocation)
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// A store whose first purge fails; everything else is unused by the purger and throws.
final class FlakyStore: DurableStore {
    private let count = Mutex(0)
    var purges: Int { count.withLock { $0 } }

    func purgeExpired(before cutoff: Date) async throws -> PurgeCounts {
        let attempt = count.withLock { value in
            value += 1
            return value
        }
        if attempt == 1 { throw StoreError(.unavailable, "the first purge fails") }
        return PurgeCounts(tokens: 0, contexts: 0, replayEntries: 0)
    }

    func run() async throws {}
    func purge(expiredBefore cutoff: Date) async throws -> Int { throw unused }
    func insert(_ record: IssuedTokenRecord) async throws { throw unused }
    func record(id: String) async throws -> IssuedTokenRecord? { throw unused }
    func transition(id: String, from expected: IssuedTokenRecord.Status, to status: IssuedTokenRecord.Status) async throws -> Bool { throw unused }
    func save(_ record: SecurityContextRecord) async throws { throw unused }
    func context(identifier: String) async throws -> SecurityContextRecord? { throw unused }
    func replace(_ current: SecurityContextRecord, with updated: SecurityContextRecord) async throws -> Bool { throw unused }
    func cancel(identifier: String) async throws -> Bool { throw unused }
    func insertIfAbsent(_ value: [UInt8], expiry: Date, now: Date) async throws -> Bool { throw unused }
    func isRecorded(_ value: [UInt8], now: Date) async throws -> Bool { throw unused }
    func insert(_ record: IssuedTokenRecord, recording entries: [ReplayEntry], now: Date) async throws -> ReplayCheckedInsert { throw unused }
    func revoke(identifier: String, instance: String?, until expiry: Date) async throws { throw unused }
    func isRevoked(identifier: String, instance: String?, now: Date) async throws -> Bool { throw unused }
    private var unused: StoreError { StoreError(.unavailable, "not used by the purger") }
}
