import Foundation
import SecurityCore
import Testing

/// The expiry queue hands out keys soonest expiry first, only those the test calls expired, and
/// no more than asked.
struct ExpiryQueueTests {
    @Test func expiredKeysComeOutSoonestFirstAndAtMostTheLimit() {
        var queue = ExpiryQueue<String>()
        for (key, seconds) in [("c", 30.0), ("a", 10), ("d", 40), ("b", 20), ("a", 50)] {
            queue.insert(key, expiring: Date(timeIntervalSince1970: seconds))
        }
        var forgotten: [String] = []
        queue.removeExpired(limit: 2, where: { $0 <= Date(timeIntervalSince1970: 35) }) { key, _ in forgotten.append(key) }
        #expect(forgotten == ["a", "b"])
        queue.removeExpired(where: { $0 <= Date(timeIntervalSince1970: 35) }) { key, _ in forgotten.append(key) }
        #expect(forgotten == ["a", "b", "c"])
        queue.removeExpired(where: { _ in true }) { key, date in forgotten.append("\(key)@\(Int(date.timeIntervalSince1970))") }
        #expect(forgotten == ["a", "b", "c", "d@40", "a@50"])
    }
}
