/// Counts of what a run's requests came back with, and the latencies of those that got an
/// answer (a token or a fault); transport errors have no latency and are only counted.
public struct LoadTally: Sendable, Equatable {
    public private(set) var tokens = 0
    public private(set) var faults = 0
    public private(set) var unexpected = 0
    public private(set) var transportErrors = 0
    /// Latencies in nanoseconds, in the order they were recorded.
    public private(set) var latencies: [UInt64] = []

    public init() {}

    /// Every request counted, whatever its outcome.
    public var requests: Int { tokens + faults + unexpected + transportErrors }

    /// Records one request's outcome, and its latency unless it had no response. A negative
    /// latency (impossible from a monotonic clock) is recorded as zero.
    public mutating func record(_ outcome: ResponseOutcome, latencyNanoseconds: Int64) {
        switch outcome {
        case .token: tokens += 1
        case .fault: faults += 1
        case .unexpected: unexpected += 1
        case .transportError: transportErrors += 1; return
        }
        latencies.append(UInt64(max(0, latencyNanoseconds)))
    }
}
