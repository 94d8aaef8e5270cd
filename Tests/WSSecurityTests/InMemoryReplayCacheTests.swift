import Foundation
import SecurityCore
import Testing

/// The in-memory replay cache tells values apart by their bytes alone (hashed as one block), and
/// keeps refusing a value until it expires, however many other values it holds.
@Suite struct InMemoryReplayCacheTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func valuesThatDifferInAnyByteOrInLengthAreDistinct() throws {
        let cache = InMemoryReplayCache()
        let expiry = now.addingTimeInterval(300)
        let values: [[UInt8]] = [[], [0], [0, 0], [1, 2, 3], [1, 2, 3, 0], [3, 2, 1], Array(repeating: 0xAB, count: 64)]
        for value in values {
            #expect(try cache.insertIfAbsent(value, expiry: expiry, now: now), "\(value)")
        }
        for value in values {
            #expect(try !cache.insertIfAbsent(value, expiry: expiry, now: now), "\(value)")
            #expect(cache.isRecorded(value, now: now), "\(value)")
        }
        #expect(!cache.isRecorded([1, 2], now: now))
        #expect(cache.count == values.count)
    }

    /// Past the storage sized at first and across purges, every unexpired value is still refused.
    @Test func manyValuesStayRecordedUntilTheyExpire() throws {
        let cache = InMemoryReplayCache(capacity: 20_000)
        let expiry = now.addingTimeInterval(300)
        let values = (0..<10_000).map { index in withUnsafeBytes(of: UInt32(index).bigEndian) { Array($0) } + Array("signature".utf8) }
        for value in values {
            #expect(try cache.insertIfAbsent(value, expiry: expiry, now: now))
        }
        #expect(try values.allSatisfy { try !cache.insertIfAbsent($0, expiry: expiry, now: now.addingTimeInterval(299)) })
        #expect(cache.count == values.count)
        // Expired entries count as absent and are recorded anew.
        #expect(try cache.insertIfAbsent(values[0], expiry: expiry.addingTimeInterval(300), now: expiry))
        #expect(!cache.isRecorded(values[1], now: expiry))
    }
}
