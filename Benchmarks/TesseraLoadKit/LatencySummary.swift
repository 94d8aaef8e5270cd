/// Percentiles of a set of latencies, by the nearest-rank definition: the p-th percentile of n
/// sorted values is the value at rank ⌈p/100 × n⌉ (1-based), so it is always one of the measured
/// values and p99 of 100 values is the 99th smallest, never an interpolation between two.
public struct LatencySummary: Sendable, Equatable {
    /// How many latencies were summarized.
    public let count: Int
    /// The latencies, in nanoseconds, sorted ascending.
    private let sorted: [UInt64]

    /// Sorts `nanoseconds` once; percentiles are then lookups.
    public init(nanoseconds: [UInt64]) {
        self.sorted = nanoseconds.sorted()
        self.count = sorted.count
    }

    /// The nearest-rank `percentile` (0 < percentile ≤ 100) in nanoseconds; nil when there are no
    /// values or the percentile is out of range.
    public func nanoseconds(atPercentile percentile: Double) -> UInt64? {
        guard !sorted.isEmpty, percentile > 0, percentile <= 100 else { return nil }
        let rank = Int((percentile / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// The largest value in nanoseconds; nil when there are none.
    public var maximum: UInt64? { sorted.last }

    /// The arithmetic mean in nanoseconds; nil when there are no values.
    public var mean: Double? {
        sorted.isEmpty ? nil : sorted.reduce(0.0) { $0 + Double($1) } / Double(sorted.count)
    }
}
