import Foundation
import TesseraLoadKit

/// A run's figures: `load: <name> <value>` lines on standard output (read by scripts/load-bench)
/// and a readable summary on standard error.
struct Report {
    let mode: String
    let tally: LoadTally
    /// Length of the measured window in seconds.
    let windowSeconds: Double
    let connections: Int
    var targetRate: Double?
    var skipped = 0
    var maximumSendLagNanoseconds: Int64?
    var poolExhausted = false
    var memory: MemoryTrend?
    var peakResidentKilobytes: Int?
    /// CPU seconds the `--server-pid` process used in the measured window.
    var serverCPUSeconds: Double?

    func emit() {
        let latency = LatencySummary(nanoseconds: tally.latencies)
        let rate = windowSeconds > 0 ? Double(tally.tokens) / windowSeconds : 0
        var lines: [(String, String)] = [
            ("mode", mode),
            ("connections", String(connections)),
            ("window_s", String(format: "%.3f", windowSeconds)),
            ("requests", String(tally.requests + skipped)),
            ("tokens", String(tally.tokens)),
            ("faults", String(tally.faults)),
            ("unexpected", String(tally.unexpected)),
            ("transport_errors", String(tally.transportErrors)),
            ("skipped", String(skipped)),
            ("pool_exhausted", poolExhausted ? "1" : "0"),
            ("tokens_per_s", String(format: "%.1f", rate)),
        ]
        if let targetRate { lines.append(("target_rate", String(format: "%.1f", targetRate))) }
        for (name, percentile) in [("p50_ms", 50.0), ("p90_ms", 90.0), ("p99_ms", 99.0)] {
            lines.append((name, Self.milliseconds(latency.nanoseconds(atPercentile: percentile))))
        }
        lines.append(("max_ms", Self.milliseconds(latency.maximum)))
        if let maximumSendLagNanoseconds {
            lines.append(("max_send_lag_ms", Self.milliseconds(UInt64(max(0, maximumSendLagNanoseconds)))))
        }
        lines.append(("generator_cpu_s", String(format: "%.2f", Self.processCPUSeconds())))
        if let serverCPUSeconds {
            lines.append(("server_cpu_s", String(format: "%.2f", serverCPUSeconds)))
            // Per request answered in the window, at the window's rate.
            let perRequest = tally.requests > 0 ? serverCPUSeconds * 1000 / Double(tally.requests) : .nan
            lines.append(("server_cpu_ms_per_request", String(format: "%.3f", perRequest)))
        }
        if let memory {
            for sample in memory.samples {
                lines.append(("rss_sample", String(format: "%.1f %d", sample.seconds, sample.kilobytes)))
            }
            lines.append(("rss_start_kb", memory.startKilobytes.map(String.init) ?? "-"))
            lines.append(("rss_max_kb", memory.maximumKilobytes.map(String.init) ?? "-"))
            lines.append(("rss_end_kb", memory.endKilobytes.map(String.init) ?? "-"))
            lines.append(("rss_slope_kb_per_min", memory.slopeKilobytesPerMinute.map { String(format: "%.1f", $0) } ?? "-"))
            lines.append(("rss_hwm_kb", peakResidentKilobytes.map(String.init) ?? "-"))
        }
        FileHandle.standardOutput.write(Data(lines.map { "load: \($0.0) \($0.1)\n" }.joined().utf8))

        var summary = String(format: "%@: %d tokens in %.1f s = %.1f tokens/s", mode, tally.tokens, windowSeconds, rate)
        if let targetRate { summary += String(format: " (target %.1f/s)", targetRate) }
        summary += "; faults \(tally.faults), unexpected \(tally.unexpected), transport errors \(tally.transportErrors), skipped \(skipped)"
        summary += "; p50 \(Self.milliseconds(latency.nanoseconds(atPercentile: 50))) ms, p99 \(Self.milliseconds(latency.nanoseconds(atPercentile: 99))) ms"
        if let serverCPUSeconds, tally.requests > 0 {
            summary += String(format: "; server CPU %.3f ms/request", serverCPUSeconds * 1000 / Double(tally.requests))
        }
        Self.progress(summary)
        if poolExhausted { Self.progress("WARNING: the request pool ran out before the end of the run") }
    }

    /// This process's user + system CPU time so far (getrusage): what the generator took from the
    /// cores it shares with the server.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return .nan }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// A progress line on standard error.
    static func progress(_ line: String) {
        FileHandle.standardError.write(Data("tessera-load: \(line)\n".utf8))
    }

    static func milliseconds(_ nanoseconds: UInt64?) -> String {
        nanoseconds.map { String(format: "%.2f", Double($0) / 1e6) } ?? "-"
    }

    /// A run that cannot start.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
