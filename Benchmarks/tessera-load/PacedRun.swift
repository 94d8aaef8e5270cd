import Foundation
import Synchronization
import TesseraLoadKit

/// Open loop at a constant arrival rate: request `i` is due `i / rate` seconds after the start
/// (``ArrivalSchedule``); the scheduler sends every due request, each in its own task, and sleeps
/// until the next one is due. Latency is measured from the intended send time, so time a request
/// spends waiting for a connection or behind a late scheduler is charged to it. Requests due in
/// the warm-up are sent but not counted. When `maxOutstanding` requests are already in flight a
/// due request is skipped and counted as such: the server is not keeping up with the rate.
struct PacedRun {
    let session: LoadSession
    let rate: Double
    let maxOutstanding: Int

    /// Shared between the scheduler and the request tasks.
    private final class Progress: Sendable {
        let outstanding = Atomic<Int>(0)
        let lastAnswer = Mutex<ContinuousClock.Instant?>(nil)
    }

    func run() async throws {
        let options = session.options
        guard let schedule = ArrivalSchedule(rate: rate, seconds: options.warmup + options.duration) else {
            throw Report.Failure("no schedule for rate \(rate) over \(options.warmup + options.duration) s")
        }
        let counted = schedule.countBefore(seconds: options.warmup)
        Report.progress(
            "paced: \(rate) requests/s on \(options.connections) connections, \(options.warmup) s warm-up + "
                + "\(options.duration) s measured (\(schedule.count) requests, the first \(counted) not counted)")

        let progress = Progress()
        var skipped = 0
        var maximumLag: Int64 = 0
        let start = ContinuousClock.now + .milliseconds(50)
        let sampler = options.serverPID.map { MemorySampler(pid: $0, interval: options.sampleInterval) }
        let memoryTask = sampler.map { sampler in Task { await sampler.run(from: start) } }
        // The measured process's CPU time from the first counted request's intended send time
        // to the last answer.
        let windowStart = start + .nanoseconds(schedule.offsetNanoseconds(of: counted))
        let cpuStart = Task { () -> ProcessCPUTime? in
            try? await Task.sleep(until: windowStart, clock: .continuous)
            return session.serverCPUTime()
        }

        try await withThrowingDiscardingTaskGroup { group in
            var next = 0
            scheduling: while next < schedule.count {
                let due = schedule.dueCount(at: (ContinuousClock.now - start).nanoseconds)
                if due <= next {
                    try await Task.sleep(until: start + .nanoseconds(schedule.offsetNanoseconds(of: next)), clock: .continuous)
                    continue
                }
                while next < due {
                    let index = next
                    next += 1
                    guard let body = try session.nextRequest() else { break scheduling }
                    let intended = start + .nanoseconds(schedule.offsetNanoseconds(of: index))
                    let isCounted = index >= counted
                    if isCounted { maximumLag = max(maximumLag, (ContinuousClock.now - intended).nanoseconds) }
                    guard progress.outstanding.load(ordering: .relaxed) < maxOutstanding else {
                        if isCounted { skipped += 1 }
                        continue
                    }
                    progress.outstanding.add(1, ordering: .relaxed)
                    group.addTask {
                        let outcome = await session.send(body)
                        let answered = ContinuousClock.now
                        progress.outstanding.subtract(1, ordering: .relaxed)
                        if isCounted {
                            session.tally.withLock { $0.record(outcome, latencyNanoseconds: (answered - intended).nanoseconds) }
                            progress.lastAnswer.withLock { $0 = max($0 ?? answered, answered) }
                        }
                    }
                }
            }
        }
        let serverCPU = await cpuStart.value.flatMap { first in session.serverCPUTime()?.seconds(since: first) }
        memoryTask?.cancel()
        let memory = await memoryTask?.value

        // The measured window: from the first counted request's intended time to the last
        // counted answer.
        let windowEnd = progress.lastAnswer.withLock { $0 } ?? windowStart
        let tally = session.tally.withLock { $0 }
        var report = Report(
            mode: "paced", tally: tally, windowSeconds: Double((windowEnd - windowStart).nanoseconds) / 1e9,
            connections: options.connections)
        report.targetRate = rate
        report.skipped = skipped
        report.maximumSendLagNanoseconds = maximumLag
        report.poolExhausted = session.poolExhausted.load(ordering: .relaxed)
        report.memory = memory?.trend
        report.peakResidentKilobytes = memory?.peakKilobytes
        report.serverCPUSeconds = serverCPU
        report.emit()
    }
}
