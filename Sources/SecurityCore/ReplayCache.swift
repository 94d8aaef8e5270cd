public import Foundation
import Synchronization

/// Remembers values (UsernameToken nonces, signature values) until they expire, and refuses
/// to see one twice. Implementations shared by several instances keep the state in a store.
public protocol ReplayCache: Sendable {
    /// Records `value` until `expiry`. Returns false when it was already recorded and unexpired.
    /// Throws when the store cannot answer (``ServiceBusy`` when it is full); callers refuse
    /// the message then. A cache never forgets an unexpired entry to make room: that would
    /// let the forgotten message be replayed.
    func insertIfAbsent(_ value: [UInt8], expiry: Date, now: Date) async throws -> Bool
    /// Whether `value` is recorded and unexpired (`expiry > now`), without recording anything:
    /// a receiver that records its entries later asks this first, so that a replayed message is
    /// refused before it costs any work. Only ``insertIfAbsent(_:expiry:now:)`` (or a store's
    /// transactional equivalent) decides; an answer of false guarantees nothing.
    func isRecorded(_ value: [UInt8], now: Date) async throws -> Bool
}

/// A bounded in-memory replay cache for a single instance. When it holds `capacity` unexpired
/// entries it refuses new ones (``ServiceBusy``) until some expire.
///
/// Entries leave in the order they expire: a heap ordered by expiry gives each insertion the
/// entries that have expired since the last (a bounded number of them), so the work per
/// insertion stays logarithmic in the entries held, however many a replay window keeps (a
/// service recording 1,700 values a second for 300 seconds holds half a million).
public final class InMemoryReplayCache: ReplayCache {
    private struct State {
        /// Each recorded value and when it expires.
        var entries: [Entry: Date]
        /// The recorded values by expiry. A value recorded anew after it expired but before it
        /// was forgotten is here twice; only the expiry ``entries`` holds removes it.
        var expiries = ExpiryQueue<Entry>()

        /// Forgets at most `limit` of the entries whose expiry is `now` or earlier, soonest first.
        mutating func removeExpired(now: Date, limit: Int = .max) {
            expiries.removeExpired(limit: limit, where: { $0 <= now }) { entry, date in
                if entries[entry] == date { entries.removeValue(forKey: entry) }
            }
        }
    }

    /// A recorded value, equal to another when the bytes are, hashed as one block of bytes
    /// rather than element by element as `[UInt8]` is (every verified signature and derived-key
    /// nonce is looked up and inserted).
    private struct Entry: Hashable, Comparable, Sendable {
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }

        /// Orders entries of one expiry in ``State/expiries``.
        static func < (lhs: Entry, rhs: Entry) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
    }

    /// Entries the storage is sized for at first, so that a cache in use does not grow it
    /// through every doubling from empty (at most ``capacity``).
    private static let initialStorage = 4096

    /// Expired entries an insertion forgets at most, unless the cache is full: in a steady
    /// stream one expires per insertion, and a cache that idled past its window lets its
    /// entries go over the insertions that follow instead of holding its lock for all of them
    /// at once. Expired entries not yet forgotten count as absent.
    private static let removalsPerInsertion = 64

    private let state: Mutex<State>
    /// Most unexpired entries kept.
    public let capacity: Int

    public init(capacity: Int = 1_000_000) {
        self.capacity = capacity
        state = Mutex(State(entries: Dictionary(minimumCapacity: min(max(capacity, 0), Self.initialStorage))))
    }

    public func insertIfAbsent(_ value: [UInt8], expiry: Date, now: Date) throws -> Bool {
        try state.withLock { state in
            state.removeExpired(now: now, limit: Self.removalsPerInsertion)
            let value = Entry(bytes: value)
            if let existing = state.entries[value], existing > now { return false }
            if state.entries.count >= capacity {
                state.removeExpired(now: now)
                guard state.entries.count < capacity else { throw ServiceBusy(resource: "replay cache") }
            }
            state.entries[value] = expiry
            state.expiries.insert(value, expiring: expiry)
            return true
        }
    }

    public func isRecorded(_ value: [UInt8], now: Date) -> Bool {
        state.withLock { state in state.entries[Entry(bytes: value)].map { $0 > now } ?? false }
    }

    /// The entries held: the unexpired ones, and expired ones not yet forgotten.
    public var count: Int { state.withLock { $0.entries.count } }
}
