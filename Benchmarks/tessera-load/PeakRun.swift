import Foundation
import Synchronization
import TesseraLoadKit

/// Closed loop: `connections` senders, each with one request in flight, for the warm-up and then
/// the measured duration. Counted: requests answered inside the measured window (throughput by
/// completion, so none straddling a boundary is lost), the rate being tokens issued in the
/// window ÷ its length; latency runs from the actual send. A pool that runs out ends the window
/// at the last counted answer (and is reported), so a pool sized too small for a fast server
/// shortens the measurement instead of lowering the rate; so does `--max-requests`.
struct PeakRun {
    let session: LoadSession

    /// The last counted answer, shared by the senders.
    private final class LastAnswer: Sendable {
        let instant = Mutex<ContinuousClock.Instant?>(nil)
    }

    func run() async throws {
        let options = session.options
        let start = ContinuousClock.now
        let windowStart = start + .nanoseconds(Int64(options.warmup * 1e9))
        let windowEnd = windowStart + .nanoseconds(Int64(options.duration * 1e9))
        Report.progress("peak: \(options.connections) connections, \(options.warmup) s warm-up, \(options.duration) s measured")

        let sampler = options.serverPID.map { MemorySampler(pid: $0, interval: options.sampleInterval) }
        let memoryTask = sampler.map { sampler in Task { await sampler.run(from: start) } }
        // The measured process's CPU time at the window's start; read again once the senders stop.
        let cpuStart = Task { () -> ProcessCPUTime? in
            try? await Task.sleep(until: windowStart, clock: .continuous)
            return session.serverCPUTime()
        }
        let lastAnswer = LastAnswer()
        try await withThrowingDiscardingTaskGroup { group in
            for _ in 0..<options.connections {
                group.addTask {
                    while ContinuousClock.now < windowEnd {
                        guard let body = try session.nextRequest() else { return }
                        let sent = ContinuousClock.now
                        let outcome = await session.send(body)
                        let answered = ContinuousClock.now
                        if answered >= windowStart, answered <= windowEnd {
                            session.tally.withLock { $0.record(outcome, latencyNanoseconds: (answered - sent).nanoseconds) }
                            lastAnswer.instant.withLock { $0 = max($0 ?? answered, answered) }
                        }
                    }
                }
            }
        }
        memoryTask?.cancel()
        let memory = await memoryTask?.value
        let serverCPU = await cpuStart.value.flatMap { first in session.serverCPUTime()?.seconds(since: first) }
        let exhausted = session.poolExhausted.load(ordering: .relaxed)
        let endedEarly = exhausted || session.limitReached.load(ordering: .relaxed)
        let windowSeconds =
            endedEarly ? max(0, Double(((lastAnswer.instant.withLock { $0 } ?? windowStart) - windowStart).nanoseconds) / 1e9) : options.duration

        let tally = session.tally.withLock { $0 }
        var report = Report(mode: "peak", tally: tally, windowSeconds: windowSeconds, connections: options.connections)
        report.poolExhausted = exhausted
        report.memory = memory?.trend
        report.peakResidentKilobytes = memory?.peakKilobytes
        report.serverCPUSeconds = serverCPU
        report.emit()
    }
}
