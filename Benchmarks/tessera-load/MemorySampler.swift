import Foundation
import TesseraLoadKit

/// Samples a process's resident set (`VmRSS`) every `interval` seconds from the moment it starts
/// until its task is cancelled, then once more, so a run's first and last instants are covered.
struct MemorySampler: Sendable {
    let pid: Int32
    let interval: Double

    /// Runs until cancelled; returns the samples (seconds since `start`) and the last `VmHWM` read.
    func run(from start: ContinuousClock.Instant) async -> (trend: MemoryTrend, peakKilobytes: Int?) {
        var samples: [MemoryTrend.Sample] = []
        var peak: Int?
        func sample() {
            guard let status = ProcessStatus(pid: pid) else { return }
            let seconds = max(0, Double((ContinuousClock.now - start).nanoseconds) / 1e9)
            samples.append(.init(seconds: seconds, kilobytes: status.residentKilobytes))
            peak = status.peakResidentKilobytes
            Report.progress(String(format: "t=%.0fs server RSS %.1f MB", seconds, Double(status.residentKilobytes) / 1024))
        }
        while !Task.isCancelled {
            sample()
            try? await Task.sleep(for: .nanoseconds(Int64(interval * 1e9)))
        }
        sample()
        return (MemoryTrend(samples: samples), peak)
    }
}
