import Foundation

/// Memory figures of a Linux process, read from `/proc/<pid>/status` (proc(5)): `VmRSS` (resident
/// set now) and `VmHWM` (the resident set's high-water mark), both in kB.
public struct ProcessStatus: Sendable, Equatable {
    /// Resident set size in kB (`VmRSS`).
    public let residentKilobytes: Int
    /// Peak resident set size in kB (`VmHWM`).
    public let peakResidentKilobytes: Int

    /// Parses the text of a status file; nil when either line is missing or not "<n> kB".
    public init?(statusText: String) {
        var rss: Int?
        var hwm: Int?
        for line in statusText.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("VmRSS:") { rss = Self.kilobytes(line.dropFirst("VmRSS:".count)) }
            if line.hasPrefix("VmHWM:") { hwm = Self.kilobytes(line.dropFirst("VmHWM:".count)) }
        }
        guard let rss, let hwm else { return nil }
        self.residentKilobytes = rss
        self.peakResidentKilobytes = hwm
    }

    /// Reads `/proc/<pid>/status`; nil when the process is gone or the file is not as expected.
    public init?(pid: Int32) {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/status") else { return nil }
        self.init(statusText: String(decoding: data, as: UTF8.self))
    }

    /// "   51234 kB" → 51234.
    private static func kilobytes(_ value: Substring) -> Int? {
        let fields = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 2, fields[1] == "kB", let number = Int(fields[0]), number >= 0 else { return nil }
        return number
    }
}
