import Foundation
import TesseraLoadKit

/// Closed loop: `connections` senders, each with one request in flight, for the warm-up and then
/// the measured duration. Counted: requests answered inside the measured window (throughput by
/// completion, so none straddling a boundary is lost), the rate being tokens issued in the
/// window ÷ its length; latency runs from the actual send.
struct PeakRun {
    let session: LoadSession

    func run() async throws {
        let options = session.options
        let start = ContinuousClock.now
        let windowStart = start + .nanoseconds(Int64(options.warmup * 1e9))
        let windowEnd = windowStart + .nanoseconds(Int64(options.duration * 1e9))
        Report.progress("peak: \(options.connections) connections, \(options.warmup) s warm-up, \(options.duration) s measured")

        let sampler = options.serverPID.map { MemorySampler(pid: $0, interval: options.sampleInterval) }
        let memoryTask = sampler.map { sampler in Task { await sampler.run(from: start) } }
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
                        }
                    }
                }
            }
        }
        memoryTask?.cancel()
        let memory = await memoryTask?.value

        let tally = session.tally.withLock { $0 }
        var report = Report(mode: "peak", tally: tally, windowSeconds: options.duration, connections: options.connections)
        report.poolExhausted = session.poolExhausted.load(ordering: .relaxed)
        report.memory = memory?.trend
        report.peakResidentKilobytes = memory?.peakKilobytes
        report.emit()
    }
}
