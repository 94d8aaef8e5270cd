/// The intended send times of an open-loop (constant arrival rate) load: request `i` is due
/// `i / rate` seconds after the start, whatever happened to the requests before it. Latency is
/// measured from these times, not from when a request actually left, so a server that stalls
/// is charged for every request that should have been sent meanwhile (no coordinated omission).
///
/// Offsets are whole nanoseconds rounded up, and ``dueCount(at:)`` is defined from the same
/// offsets, so the two can never disagree by a rounding step.
public struct ArrivalSchedule: Sendable, Equatable {
    /// Requests per second.
    public let rate: Double
    /// How many requests the schedule holds.
    public let count: Int

    /// A schedule of `count` requests at `rate` per second; nil unless the rate is positive and
    /// finite and the count is not negative.
    public init?(rate: Double, count: Int) {
        guard rate.isFinite, rate > 0, count >= 0 else { return nil }
        self.rate = rate
        self.count = count
    }

    /// A schedule at `rate` long enough to fill `seconds`: ⌈rate × seconds⌉ requests.
    public init?(rate: Double, seconds: Double) {
        guard seconds.isFinite, seconds >= 0 else { return nil }
        self.init(rate: rate, count: Int((rate * seconds).rounded(.up)))
    }

    /// Nanoseconds after the start at which request `index` is due.
    public func offsetNanoseconds(of index: Int) -> Int64 {
        Int64((Double(index) * 1e9 / rate).rounded(.up))
    }

    /// How many requests are due `elapsedNanoseconds` after the start (those whose offset is at
    /// or before it), at most ``count``.
    public func dueCount(at elapsedNanoseconds: Int64) -> Int {
        guard elapsedNanoseconds >= 0, count > 0 else { return 0 }
        var last = min(Int((Double(elapsedNanoseconds) * rate / 1e9).rounded(.down)), count - 1)
        while last + 1 < count, offsetNanoseconds(of: last + 1) <= elapsedNanoseconds { last += 1 }
        while last >= 0, offsetNanoseconds(of: last) > elapsedNanoseconds { last -= 1 }
        return last + 1
    }

    /// How many of the requests fall in the first `seconds` (a warm-up whose results are not
    /// counted): those due strictly before that instant.
    public func countBefore(seconds: Double) -> Int {
        guard seconds > 0 else { return 0 }
        return dueCount(at: Int64((seconds * 1e9).rounded(.up)) - 1)
    }
}
