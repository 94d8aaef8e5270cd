import Foundation

/// One benchmark case: a name, what one operation does, and the operation.
struct BenchmarkCase {
    let name: String
    let detail: String
    /// Run once before the warm-up, untimed: state the operation needs that is too costly to
    /// build for every run of the bench.
    var prepare: (() async throws -> Void)? = nil
    let operation: () async throws -> Void

    init(name: String, detail: String, prepare: (() async throws -> Void)? = nil, operation: @escaping () async throws -> Void) {
        self.name = name
        self.detail = detail
        self.prepare = prepare
        self.operation = operation
    }
}

/// The outcome of running one case.
struct Measurement {
    let name: String
    let detail: String
    let iterations: Int
    let wall: Duration
    /// User + system CPU time of the process over the same iterations.
    let cpuSeconds: Double

    var seconds: Double { Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18 }
    var opsPerSecond: Double { Double(iterations) / seconds }
    var cpuOpsPerSecond: Double { cpuSeconds > 0 ? Double(iterations) / cpuSeconds : .infinity }
    var microsecondsPerOp: Double { seconds * 1e6 / Double(iterations) }
}

/// Runs cases single-threaded: a warm-up, then a calibrated number of iterations lasting about
/// `target`, timed with `ContinuousClock` (wall) and `getrusage` (CPU).
struct Runner {
    var target: Duration = .milliseconds(2500)
    var warmUp: Duration = .milliseconds(300)
    /// A fixed number of measured iterations after a single warm-up operation, instead of a
    /// warm-up and a calibrated count: for instruction counts under valgrind, where a run with N
    /// iterations minus one with M gives the cost of N − M operations without the setup's.
    var fixedIterations: Int?

    func measure(_ benchmark: BenchmarkCase) async throws -> Measurement {
        let clock = ContinuousClock()
        try await benchmark.prepare?()
        if let fixedIterations {
            try await benchmark.operation()
            return try await measure(benchmark, iterations: fixedIterations)
        }
        // Warm-up: at least 10 operations and `warmUp` of time; it also estimates the cost.
        var warmUpIterations = 0
        let warmUpStart = clock.now
        while warmUpIterations < 10 || clock.now - warmUpStart < warmUp {
            try await benchmark.operation()
            warmUpIterations += 1
        }
        let estimate = (clock.now - warmUpStart) / warmUpIterations
        return try await measure(benchmark, iterations: max(10, Int((target / estimate).rounded())))
    }

    private func measure(_ benchmark: BenchmarkCase, iterations: Int) async throws -> Measurement {
        let clock = ContinuousClock()
        let cpuStart = Self.cpuSeconds()
        let start = clock.now
        for _ in 0..<iterations {
            try await benchmark.operation()
        }
        let wall = clock.now - start
        let cpu = Self.cpuSeconds() - cpuStart
        return Measurement(name: benchmark.name, detail: benchmark.detail, iterations: iterations, wall: wall, cpuSeconds: cpu)
    }

    /// User + system CPU time of the whole process so far, in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

/// Keeps a result alive so the optimizer cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
