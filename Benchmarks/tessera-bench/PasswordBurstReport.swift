import Foundation
import TesseraLoadKit

/// The Markdown report of `--mode password-burst`: what was run, on which machine, and whether
/// the burst's X.509 p99 stayed within twice the unloaded one and `/health` answered throughout.
struct PasswordBurstReport {
    let options: PasswordBurstMode.Options
    let command: String
    let unloaded: PasswordBurstMode.Phase
    let burst: PasswordBurstMode.Phase
    let threads: Int
    let queueLimit: Int
    let loadBefore: String
    let loadAfter: String

    /// The burst's X.509 p99 may be at most this many times the unloaded p99.
    static let targetRatio = 2.0

    func lines() -> [String] {
        let quiet = LatencySummary(nanoseconds: unloaded.issued)
        let loud = LatencySummary(nanoseconds: burst.issued)
        let ratio = Double(loud.nanoseconds(atPercentile: 99) ?? 0) / Double(max(1, quiet.nanoseconds(atPercentile: 99) ?? 0))
        let healthFailures = unloaded.health.failures + burst.health.failures
        var lines = [
            "### Password logins under load (`--mode password-burst`)",
            "",
            "- Command: `\(command)`",
            "- Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores (nproc), \(Self.cpuModel()); load average (1, 5, 15 min) \(loadBefore) before, \(loadAfter) after",
            "- Server: in process, HTTP/1.1 on 127.0.0.1; password checks on \(threads) thread(s), queue \(queueLimit); scrypt at the default cost",
            "- X.509 Issue requests: \(Self.number(options.rate))/s for \(Self.number(options.seconds)) s per phase, open loop, latency from the intended send time",
            "",
            "| X.509 Issue | answered 200 | failed | p50 ms | p99 ms | max ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            row("unloaded", quiet, failures: unloaded.failedIssues),
            row("during the burst", loud, failures: burst.failedIssues),
            "",
            "Burst p99 ÷ unloaded p99: **\(String(format: "%.2f", ratio))** (target ≤ \(Self.number(Self.targetRatio)): "
                + "\(ratio <= Self.targetRatio && burst.failedIssues == 0 ? "met" : "not met")).",
            "",
            "| `/health` every 50 ms | polls answered | failed | p99 ms | max ms |",
            "| --- | ---: | ---: | ---: | ---: |",
            healthRow("unloaded", unloaded.health),
            healthRow("during the burst", burst.health),
            "",
            "`/health` answered throughout: \(healthFailures == 0 ? "yes" : "no, \(healthFailures) polls failed").",
        ]
        if let logins = burst.logins {
            let seconds = burst.wallSeconds
            let latency = LatencySummary(nanoseconds: logins.latencies)
            lines += [
                "",
                "| Password logins (\(options.logins) clients, \(String(format: "%.1f", seconds)) s) | answered | per second |",
                "| --- | ---: | ---: |",
                "| 200 | \(logins.succeeded) | \(String(format: "%.1f", Double(logins.succeeded) / seconds)) |",
                "| 503 (busy) | \(logins.busy) | \(String(format: "%.1f", Double(logins.busy) / seconds)) |",
                "| other or no answer | \(logins.other) | \(String(format: "%.1f", Double(logins.other) / seconds)) |",
                "",
                "Successful logins took p50 \(Self.milliseconds(latency, 50)) ms, p99 \(Self.milliseconds(latency, 99)) ms (queueing included).",
            ]
        }
        return lines
    }

    private func row(_ name: String, _ summary: LatencySummary, failures: Int) -> String {
        "| \(name) | \(summary.count) | \(failures) | \(Self.milliseconds(summary, 50)) | \(Self.milliseconds(summary, 99)) | \(Self.milliseconds(summary.maximum)) |"
    }

    private func healthRow(_ name: String, _ outcome: HealthProbe.Outcome) -> String {
        let summary = LatencySummary(nanoseconds: outcome.latencies)
        return "| \(name) | \(summary.count) | \(outcome.failures) | \(Self.milliseconds(summary, 99)) | \(Self.milliseconds(summary.maximum)) |"
    }

    private static func milliseconds(_ summary: LatencySummary, _ percentile: Double) -> String {
        milliseconds(summary.nanoseconds(atPercentile: percentile))
    }

    private static func milliseconds(_ nanoseconds: UInt64?) -> String {
        nanoseconds.map { String(format: "%.1f", Double($0) / 1e6) } ?? "-"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The first three fields of /proc/loadavg, or "unknown".
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The CPU's "model name" in /proc/cpuinfo, or "unknown CPU".
    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        else { return "unknown CPU" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}
