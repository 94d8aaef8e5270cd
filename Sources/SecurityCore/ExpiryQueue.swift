public import Foundation
import HeapModule

/// The keys of a table that forgets its entries as they expire, soonest expiry first, so that
/// forgetting costs the entries forgotten rather than a pass over all of them. A key queued
/// again under a new expiry stays queued under the old one too: the table tells which is
/// current by the expiry it holds for the key.
public struct ExpiryQueue<Key: Comparable & Sendable>: Sendable {
    private struct Item: Comparable {
        let date: Date
        let key: Key

        static func < (lhs: Item, rhs: Item) -> Bool {
            lhs.date != rhs.date ? lhs.date < rhs.date : lhs.key < rhs.key
        }
    }

    private var items = Heap<Item>()

    public init() {}

    /// Queues `key` to expire at `date`.
    public mutating func insert(_ key: Key, expiring date: Date) {
        items.insert(Item(date: date, key: key))
    }

    /// Takes out, soonest first, at most `limit` items whose date `isExpired` (a test that,
    /// true for a date, is true for every earlier one), handing each to `forget`.
    public mutating func removeExpired(limit: Int = .max, where isExpired: (Date) -> Bool, _ forget: (Key, Date) -> Void) {
        var removed = 0
        while removed < limit, let soonest = items.min, isExpired(soonest.date) {
            items.removeMin()
            removed += 1
            forget(soonest.key, soonest.date)
        }
    }
}
