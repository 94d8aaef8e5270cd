import Testing
import TesseraLoadKit

@Suite struct LatencySummaryTests {
    @Test func nearestRankOfOneToAHundredIsTheRankItself() {
        let summary = LatencySummary(nanoseconds: (1...100).reversed().map { UInt64($0) })
        #expect(summary.nanoseconds(atPercentile: 50) == 50)
        #expect(summary.nanoseconds(atPercentile: 90) == 90)
        #expect(summary.nanoseconds(atPercentile: 99) == 99)
        #expect(summary.nanoseconds(atPercentile: 100) == 100)
        #expect(summary.nanoseconds(atPercentile: 0.5) == 1)
        #expect(summary.maximum == 100)
        #expect(summary.count == 100)
    }

    /// numpy.percentile(values, q, method="inverted_cdf") is the nearest-rank definition; these
    /// are its answers for the 7 values below (checked with numpy 2.4.6).
    @Test func matchesNumpysInvertedCDFOnSevenValues() {
        let summary = LatencySummary(nanoseconds: [15, 20, 35, 40, 50, 7, 1000])
        // Sorted: 7 15 20 35 40 50 1000. Rank ⌈p × 7⌉: p50 → 4, p90 → 7, p99 → 7, p25 → 2, p30 → 3.
        #expect(summary.nanoseconds(atPercentile: 50) == 35)
        #expect(summary.nanoseconds(atPercentile: 25) == 15)
        #expect(summary.nanoseconds(atPercentile: 30) == 20)
        #expect(summary.nanoseconds(atPercentile: 90) == 1000)
        #expect(summary.nanoseconds(atPercentile: 99) == 1000)
    }

    @Test func p99OfAThousandIgnoresOnlyTheTenSlowest() {
        // 990 fast answers and 10 slow ones: p99 is the 990th value, still fast; one more slow
        // answer makes it slow.
        let fast = [UInt64](repeating: 2_000_000, count: 990)
        #expect(LatencySummary(nanoseconds: fast + [UInt64](repeating: 900_000_000, count: 10)).nanoseconds(atPercentile: 99) == 2_000_000)
        #expect(
            LatencySummary(nanoseconds: Array(fast.dropLast()) + [UInt64](repeating: 900_000_000, count: 11))
                .nanoseconds(atPercentile: 99) == 900_000_000)
    }

    @Test func emptyOrOutOfRangeGivesNothing() {
        #expect(LatencySummary(nanoseconds: []).nanoseconds(atPercentile: 50) == nil)
        #expect(LatencySummary(nanoseconds: []).maximum == nil)
        #expect(LatencySummary(nanoseconds: []).mean == nil)
        #expect(LatencySummary(nanoseconds: [1, 2]).nanoseconds(atPercentile: 0) == nil)
        #expect(LatencySummary(nanoseconds: [1, 2]).nanoseconds(atPercentile: 100.5) == nil)
    }

    @Test func meanOfValues() {
        #expect(LatencySummary(nanoseconds: [1, 2, 3, 10]).mean == 4)
    }
}
