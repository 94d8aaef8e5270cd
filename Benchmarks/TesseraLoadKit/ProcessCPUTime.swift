import Foundation

/// The CPU time a Linux process has used, user plus system, in clock ticks, read from
/// `/proc/<pid>/stat` (proc(5): `utime` and `stime`, fields 14 and 15). Two readings around a
/// measured window give the CPU one process spent in it, whatever else runs on the machine.
public struct ProcessCPUTime: Sendable, Equatable {
    /// `utime + stime`, in ticks of ``ticksPerSecond``.
    public let ticks: Int

    /// Parses the text of a stat file; nil when it does not have the layout proc(5) describes.
    /// The second field (the command name) is in parentheses and may itself contain spaces and
    /// parentheses, so the fields are counted from the last `)`.
    public init?(statText: String) {
        guard let close = statText.lastIndex(of: ")") else { return nil }
        // After the name: field 3 (state) onwards; utime and stime are fields 14 and 15.
        let fields = statText[statText.index(after: close)...].split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 13, let user = Int(fields[11]), let system = Int(fields[12]), user >= 0, system >= 0 else { return nil }
        ticks = user + system
    }

    /// Reads `/proc/<pid>/stat`; nil when the process is gone or the file is not as expected.
    public init?(pid: Int32) {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        self.init(statText: String(decoding: data, as: UTF8.self))
    }

    /// Clock ticks per second (`sysconf(_SC_CLK_TCK)`, 100 on Linux).
    public static let ticksPerSecond: Double = {
        let value = sysconf(Int32(_SC_CLK_TCK))
        return value > 0 ? Double(value) : 100
    }()

    /// The CPU seconds from `earlier` to this reading.
    public func seconds(since earlier: ProcessCPUTime) -> Double {
        Double(ticks - earlier.ticks) / Self.ticksPerSecond
    }
}
