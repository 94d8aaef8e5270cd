import Foundation
import Testing
import TesseraTestSupport

/// `tessera serve` executes itself again with glibc's per-thread cache of freed blocks enlarged
/// (`AllocatorTuning`), unless the operator set that cache's size: the setting is in the
/// environment of the process that answers, whose PID is the one started.
struct AllocatorTuningTests {
    static let setting = "glibc.malloc.tcache_count=1000"

    /// `GLIBC_TUNABLES` as `pid`'s current program was started with it, from
    /// `/proc/<pid>/environ`. glibc ends each tunable's value with a NUL in place as it reads
    /// them, so the tunables after the first show there as strings of their own.
    static func tunables(of pid: Int32) throws -> String? {
        let entries = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let prefix = "GLIBC_TUNABLES="
        guard let start = entries.firstIndex(where: { $0.hasPrefix(prefix) }) else { return nil }
        let rest = entries[(start + 1)...].prefix { $0.hasPrefix("glibc.") }
        return ([String(entries[start].dropFirst(prefix.count))] + rest).joined(separator: ":")
    }

    @Test func serveRunsWithTheLargerCache() async throws {
        let served = try await ServedEcho.start()
        defer { served.stop() }
        #expect(try Self.tunables(of: served.server.process.processIdentifier) == Self.setting)
        // The program executed again is the one that answers.
        #expect(try await served.establish().status == 0)
    }

    @Test func anOperatorsSettingIsKept() async throws {
        let scratch = try Scratch()
        let chosen = "glibc.malloc.check=0:glibc.malloc.tcache_count=7"
        let server = try await TesseraServeProcess.start(
            configuration: TesseraServeProcess.configuration(), in: scratch.directory, environment: ["GLIBC_TUNABLES": chosen])
        defer { server.process.terminate() }
        #expect(try Self.tunables(of: server.process.processIdentifier) == chosen)
    }

    @Test func otherTunablesAreKeptBesideTheSetting() async throws {
        let scratch = try Scratch()
        let server = try await TesseraServeProcess.start(
            configuration: TesseraServeProcess.configuration(), in: scratch.directory, environment: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=2"])
        defer { server.process.terminate() }
        #expect(try Self.tunables(of: server.process.processIdentifier) == "glibc.malloc.arena_max=2:\(Self.setting)")
    }
}
