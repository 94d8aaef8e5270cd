import Foundation
import SecurityCore

/// `replay-cache-500k`: one `InMemoryReplayCache.insertIfAbsent` of a fresh value in a cache
/// holding 500,000 unexpired entries: five minutes of a service that records ≈ 1,700 signature
/// values or nonces a second, each kept for a 300-second replay window. The clock advances by
/// 300 s ÷ 500,000 per insertion, so entries expire as fast as new ones arrive and the cache
/// stays at its size. The entries are loaded before the warm-up, untimed.
func replayCacheCase() -> BenchmarkCase {
    let load = ReplayCacheLoad(entries: 500_000, window: 300)
    return BenchmarkCase(
        name: "replay-cache-500k", detail: "InMemoryReplayCache.insertIfAbsent, 500,000 unexpired entries, one expiring per insertion",
        prepare: { try load.load() }
    ) {
        try load.insertNext()
    }
}

/// The cache, its clock and the next value of ``replayCacheCase()``; used by one task at a time.
private final class ReplayCacheLoad: @unchecked Sendable {
    private let entries: Int
    private let window: TimeInterval
    private let step: TimeInterval
    private var cache: InMemoryReplayCache?
    private var now = Date(timeIntervalSince1970: 1_800_000_000)
    private var next: UInt64 = 0

    init(entries: Int, window: TimeInterval) {
        self.entries = entries
        self.window = window
        step = window / Double(entries)
    }

    func insertNext() throws {
        guard let cache else { throw BenchmarkError.verificationFailed }
        now += step
        next += 1
        guard try cache.insertIfAbsent(Self.value(next), expiry: now + window, now: now) else {
            throw BenchmarkError.verificationFailed
        }
    }

    /// Fills a cache with `entries` values whose expiries are spread over the window, as a
    /// cache in its steady state holds them.
    func load() throws {
        let cache = InMemoryReplayCache()
        for index in 1...entries {
            next += 1
            _ = try cache.insertIfAbsent(Self.value(next), expiry: now + Double(index) * step, now: now)
        }
        self.cache = cache
    }

    /// A 32-byte value, as a SHA-256 digest of a signature value is: the counter and padding.
    private static func value(_ counter: UInt64) -> [UInt8] {
        withUnsafeBytes(of: counter.bigEndian) { Array($0) } + [UInt8](repeating: 0x5C, count: 24)
    }
}
