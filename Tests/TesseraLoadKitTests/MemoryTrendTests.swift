import Testing
import TesseraLoadKit

@Suite struct MemoryTrendTests {
    @Test func slopeOfAStraightLineIsItsGradientPerMinute() throws {
        // 2 kB per second, sampled every 10 s for 10 minutes.
        let samples = stride(from: 0, through: 600, by: 10).map { MemoryTrend.Sample(seconds: Double($0), kilobytes: 50_000 + 2 * $0) }
        let trend = MemoryTrend(samples: samples)
        #expect(abs(try #require(trend.slopeKilobytesPerMinute) - 120) < 1e-9)
        #expect(trend.startKilobytes == 50_000)
        #expect(trend.endKilobytes == 51_200)
        #expect(trend.maximumKilobytes == 51_200)
    }

    @Test func flatWithNoiseHasNoSlope() throws {
        // Alternating ±100 kB around 50 MB: the least-squares line is flat to within a few kB/min.
        let samples = (0...60).map { MemoryTrend.Sample(seconds: Double($0 * 10), kilobytes: 51_200 + ($0 % 2 == 0 ? 100 : -100)) }
        let slope = try #require(MemoryTrend(samples: samples).slopeKilobytesPerMinute)
        #expect(abs(slope) < 5)
    }

    @Test func aSpikeIsTheMaximumButNotTheEnd() {
        let trend = MemoryTrend(samples: [
            .init(seconds: 0, kilobytes: 40_000), .init(seconds: 10, kilobytes: 90_000),
            .init(seconds: 20, kilobytes: 41_000),
        ])
        #expect(trend.maximumKilobytes == 90_000)
        #expect(trend.endKilobytes == 41_000)
    }

    @Test func oneSampleOrOneInstantHasNoSlope() {
        #expect(MemoryTrend(samples: [.init(seconds: 0, kilobytes: 1)]).slopeKilobytesPerMinute == nil)
        #expect(MemoryTrend(samples: [.init(seconds: 5, kilobytes: 1), .init(seconds: 5, kilobytes: 9)]).slopeKilobytesPerMinute == nil)
        #expect(MemoryTrend(samples: []).startKilobytes == nil)
    }
}
