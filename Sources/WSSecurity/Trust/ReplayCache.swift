import Foundation
import Synchronization

/// Remembers values (UsernameToken nonces, signature values) until they expire, and refuses
/// to see one twice. Implementations shared by several instances keep the state in a store.
public protocol ReplayCache: Sendable {
    /// Records `value` until `expiry`. Returns false when it was already recorded and unexpired.
    /// Throws when the store cannot answer; callers refuse the message then.
    func insertIfAbsent(_ value: [UInt8], expiry: Date, now: Date) async throws -> Bool
}

/// A bounded in-memory replay cache for a single instance.
public final class InMemoryReplayCache: ReplayCache {
    private struct State {
        var entries: [[UInt8]: Date] = [:]
        var insertionsSincePurge = 0
    }

    private let state = Mutex(State())
    /// Most entries kept; beyond it the oldest-expiring are purged first.
    public let capacity: Int

    public init(capacity: Int = 1_000_000) {
        self.capacity = capacity
    }

    public func insertIfAbsent(_ value: [UInt8], expiry: Date, now: Date) -> Bool {
        state.withLock { state in
            if let existing = state.entries[value], existing > now { return false }
            state.insertionsSincePurge += 1
            if state.insertionsSincePurge > 1024 || state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value > now }
                state.insertionsSincePurge = 0
                if state.entries.count >= capacity {
                    let keep = state.entries.sorted { $0.value > $1.value }.prefix(capacity / 2)
                    state.entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
                }
            }
            state.entries[value] = expiry
            return true
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }
}
