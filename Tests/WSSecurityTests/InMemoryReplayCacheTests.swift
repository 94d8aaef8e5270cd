import Foundation
import SecurityCore
import Testing

/// The in-memory replay cache tells values apart by their bytes alone (hashed as one block),
/// keeps refusing a value until it expires, however many other values it holds, and lets go of
/// entries as they expire.
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

    /// Each insertion lets go of exactly the entries expired by then, soonest first, so a cache
    /// holds no more than its replay window: none is kept until some later sweep, and none is
    /// dropped before its time.
    @Test func entriesLeaveInTheOrderTheyExpire() throws {
        let cache = InMemoryReplayCache()
        let values = (1...100).map { index in Array("signature-\(index)".utf8) }
        // Recorded out of order: value i expires at now + i seconds.
        for (index, value) in values.enumerated().reversed() {
            #expect(try cache.insertIfAbsent(value, expiry: now.addingTimeInterval(Double(index + 1)), now: now))
        }
        let later = now.addingTimeInterval(50.5)
        #expect(try cache.insertIfAbsent(Array("fresh".utf8), expiry: later.addingTimeInterval(300), now: later))
        #expect(cache.count == 51)
        for (index, value) in values.enumerated() {
            let unexpired = Double(index + 1) > 50.5
            #expect(cache.isRecorded(value, now: later) == unexpired, "value \(index + 1)")
            #expect(try cache.insertIfAbsent(value, expiry: later.addingTimeInterval(300), now: later) == !unexpired, "value \(index + 1)")
        }
        // A value recorded again after it expired keeps its new expiry.
        let muchLater = now.addingTimeInterval(200)
        #expect(try cache.insertIfAbsent(Array("other".utf8), expiry: muchLater.addingTimeInterval(300), now: muchLater))
        #expect(cache.isRecorded(values[0], now: muchLater))
        #expect(!cache.isRecorded(values[99], now: muchLater))
    }

    /// After an idle spell longer than the window, the expired entries leave a few per
    /// insertion rather than all under one lock; until then they count as absent, and a value
    /// recorded anew keeps its new expiry when its old one comes up.
    @Test func aCacheThatIdledForgetsItsEntriesOverTheNextInsertions() throws {
        let cache = InMemoryReplayCache()
        let values = (0..<1000).map { index in Array("nonce-\(index)".utf8) }
        for value in values {
            #expect(try cache.insertIfAbsent(value, expiry: now.addingTimeInterval(10), now: now))
        }
        let afterIdle = now.addingTimeInterval(1000)
        #expect(try cache.insertIfAbsent(Array("first after idle".utf8), expiry: afterIdle.addingTimeInterval(300), now: afterIdle))
        #expect(cache.count == 1000 - 64 + 1)
        #expect(values.allSatisfy { !cache.isRecorded($0, now: afterIdle) })
        // Values still held under their old expiry are recorded anew.
        let renewed = values.suffix(10)
        for value in renewed {
            #expect(try cache.insertIfAbsent(value, expiry: afterIdle.addingTimeInterval(300), now: afterIdle))
        }
        for index in 0..<20 {
            #expect(try cache.insertIfAbsent(Array("later-\(index)".utf8), expiry: afterIdle.addingTimeInterval(300), now: afterIdle))
        }
        #expect(cache.count == 1 + 10 + 20)
        #expect(renewed.allSatisfy { cache.isRecorded($0, now: afterIdle) })
        #expect(try renewed.allSatisfy { try !cache.insertIfAbsent($0, expiry: afterIdle.addingTimeInterval(300), now: afterIdle) })
    }
}
