import Foundation
import TesseraServer

/// `tessera-bench`: single-threaded operations per second of the raw primitives and the
/// message-level paths built on them. Build with `-c release`; `scripts/bench` adds the
/// `openssl speed` references and the ratios.
///
///     tessera-bench [--seconds S | --iterations N] [--filter SUBSTRING] [--tsv] [--fixtures DIR]
///     tessera-bench --mode secure-conversation [--seconds S | --iterations N] [--sessions N] [--tsv [--filter SUBSTRING]] [--fixtures DIR]
///     tessera-bench --mode secure-conversation-http [--seconds S | --iterations N [--filter http-echo-floor]] [--connections C] [--fixtures DIR]
///     tessera-bench --mode sts-issue [--iterations N] [--fixtures DIR]
///     tessera-bench --mode password-burst [--seconds S] [--logins N] [--rate R] [--fixtures DIR]
///     tessera-bench --write-inputs DIR [--fixtures DIR]
///     tessera-bench rst-pool --count N --out FILE [--ttl S] [--applies-to URL] [--fixtures DIR]
///     tessera-bench consumer-pool --identities K --out FILE [--body hello|echo]
///     tessera-bench provider-pool --sts URL --data-dir DIR --applies-to URL --identities K --count N --out FILE [--ttl S]
///     tessera-bench pass-through --upstream URL [--host H] [--port P]
///     tessera-bench http-echo [--host H] [--port P]
///
/// `--iterations N` runs each case exactly N times after one warm-up operation (for instruction
/// counts under valgrind: docs/benchmarks.md, "Profiling and comparing builds"). With
/// `--mode secure-conversation-http` it sends N exchanges on each connection (N plain echoes of
/// the HTTP floor with `--filter http-echo-floor`) after a fixed warm-up, and prints no rates
/// (scripts/callgrind-sc-http).
///
/// `--write-inputs` writes the ≈2 KB envelope (`envelope.xml`), its WS-Security signed copy
/// (`signed.xml`) and the request of `--mode secure-conversation` (`unsecured.xml`) and exits, so another implementation can be measured on the same bytes.
///
/// `rst-pool` writes pre-signed Issue requests for scripts/load-bench (see ``RequestPool``);
/// `consumer-pool`, `provider-pool` and `pass-through` serve scripts/gateway-bench
/// (``GatewayPools``, ``PassThroughProxy``); `http-echo` gives scripts/load-bench the HTTP
/// stack's own cost (``HTTPEchoServer``).
@main
struct TesseraBench {
    static func main() async {
        AllocatorTuning.applyByExecutingAgain()
        do {
            try await run(Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("tessera-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ arguments: [String]) async throws {
        var runner = Runner()
        var filter: String?
        var tsv = false
        var mode: String?
        var sessions = 100_000
        var connections = 4
        var seconds: Double?
        var iterations: Int?
        var burst = PasswordBurstMode.Options()
        var inputsDirectory: URL?
        var fixtures =
            ProcessInfo.processInfo.environment["TESSERA_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/TesseraTestSupport/Fixtures")
        var remaining = arguments[...]
        switch remaining.first {
        case "rst-pool":
            try await RequestPool.run(remaining.dropFirst(), fixtures: fixtures)
            return
        case "consumer-pool":
            try GatewayPools.consumerPool(remaining.dropFirst())
            return
        case "provider-pool":
            try await GatewayPools.providerPool(remaining.dropFirst())
            return
        case "pass-through":
            try await PassThroughProxy.run(remaining.dropFirst())
            return
        case "http-echo":
            try await HTTPEchoServer.run(remaining.dropFirst())
            return
        default:
            break
        }
        while let argument = remaining.popFirst() {
            switch argument {
            case "--seconds":
                guard let value = remaining.popFirst().flatMap(Double.init), value > 0 else { throw Usage("--seconds needs a positive number") }
                runner.target = .milliseconds(Int(value * 1000))
                seconds = value
            case "--iterations":
                guard let value = remaining.popFirst().flatMap(Int.init), value > 0 else { throw Usage("--iterations needs a positive number") }
                iterations = value
                runner.fixedIterations = value
            case "--logins":
                guard let value = remaining.popFirst().flatMap(Int.init), (1...1000).contains(value) else {
                    throw Usage("--logins needs a number from 1 to 1000")
                }
                burst.logins = value
            case "--rate":
                guard let value = remaining.popFirst().flatMap(Double.init), value > 0, value <= 10_000 else {
                    throw Usage("--rate needs a positive number of requests per second")
                }
                burst.rate = value
            case "--filter":
                guard let value = remaining.popFirst() else { throw Usage("--filter needs a value") }
                filter = value
            case "--tsv":
                tsv = true
            case "--mode":
                guard let value = remaining.popFirst(), ["secure-conversation", "secure-conversation-http", "sts-issue", "password-burst"].contains(value)
                else {
                    throw Usage("--mode takes secure-conversation, secure-conversation-http, sts-issue or password-burst")
                }
                mode = value
            case "--sessions":
                guard let value = remaining.popFirst().flatMap(Int.init), value > 0 else { throw Usage("--sessions needs a positive number") }
                sessions = value
            case "--connections":
                guard let value = remaining.popFirst().flatMap(Int.init), (1...256).contains(value) else {
                    throw Usage("--connections needs a number from 1 to 256")
                }
                connections = value
            case "--fixtures":
                guard let value = remaining.popFirst() else { throw Usage("--fixtures needs a directory") }
                fixtures = URL(fileURLWithPath: value)
            case "--write-inputs":
                guard let value = remaining.popFirst() else { throw Usage("--write-inputs needs a directory") }
                inputsDirectory = URL(fileURLWithPath: value)
            case "-h", "--help":
                emit("usage: tessera-bench [--seconds S | --iterations N] [--filter SUBSTRING] [--tsv] [--fixtures DIR]")
                emit(
                    "       tessera-bench --mode secure-conversation [--seconds S | --iterations N] [--sessions N] [--tsv [--filter SUBSTRING]] [--fixtures DIR]"
                )
                emit(
                    "       tessera-bench --mode secure-conversation-http [--seconds S | --iterations N [--filter http-echo-floor]] [--connections C] [--fixtures DIR]"
                )
                emit("       tessera-bench --mode sts-issue [--iterations N] [--fixtures DIR]")
                emit("       tessera-bench --mode password-burst [--seconds S] [--logins N] [--rate R] [--fixtures DIR]")
                emit("       tessera-bench --write-inputs DIR [--fixtures DIR]")
                emit("       tessera-bench rst-pool --count N --out FILE [--ttl S] [--applies-to URL] [--fixtures DIR]")
                emit("       tessera-bench consumer-pool --identities K --out FILE [--body hello|echo]")
                emit("       tessera-bench provider-pool --sts URL --data-dir DIR --applies-to URL --identities K --count N --out FILE [--ttl S]")
                emit("       tessera-bench pass-through --upstream URL [--host H] [--port P]")
                emit("       tessera-bench http-echo [--host H] [--port P]")
                return
            default:
                throw Usage("unknown argument \(argument)")
            }
        }

        #if DEBUG
            FileHandle.standardError.write(Data("tessera-bench: this is a debug build; numbers are meaningless (use -c release)\n".utf8))
        #endif
        let inputs = try BenchmarkInputs(fixtures: fixtures)
        if let inputsDirectory {
            try FileManager.default.createDirectory(at: inputsDirectory, withIntermediateDirectories: true)
            try Data(inputs.envelope).write(to: inputsDirectory.appendingPathComponent("envelope.xml"))
            try Data(inputs.wssSignedEnvelope()).write(to: inputsDirectory.appendingPathComponent("signed.xml"))
            try Data(inputs.unsecuredEnvelope).write(to: inputsDirectory.appendingPathComponent("unsecured.xml"))
            return
        }
        if mode == "secure-conversation" {
            try await SecureConversationMode.run(inputs: inputs, fixtures: fixtures, runner: runner, sessions: sessions, tsv: tsv, filter: filter)
            return
        }
        if mode == "sts-issue" {
            if let iterations {
                try await STSIssueMode.count(iterations: iterations, inputs: inputs, fixtures: fixtures)
            } else {
                try await STSIssueMode.run(inputs: inputs, fixtures: fixtures, runner: runner)
            }
            return
        }
        if mode == "secure-conversation-http" {
            if let iterations {
                try await SecureConversationHTTPMode.count(
                    iterations: iterations, floorOnly: filter.map { "http-echo-floor".contains($0) } ?? false, inputs: inputs, fixtures: fixtures,
                    connections: connections)
                return
            }
            try await SecureConversationHTTPMode.run(inputs: inputs, fixtures: fixtures, runner: runner, connections: connections, seconds: seconds ?? 10)
            return
        }
        if mode == "password-burst" {
            burst.seconds = seconds ?? burst.seconds
            let command = (["tessera-bench"] + arguments).joined(separator: " ")
            try await PasswordBurstMode.run(inputs: inputs, fixtures: fixtures, options: burst, command: command)
            return
        }
        let cases = try makeCases(inputs).filter { filter.map($0.name.contains) ?? true }
        let sizes = [
            (
                "envelope with Timestamp, \(String(decoding: inputs.envelope, as: UTF8.self).components(separatedBy: "<q:Quote>").count - 1) quotes in the Body",
                inputs.envelope.count
            ),
            ("WS-Security signed (Timestamp, BST, Signature)", try inputs.wssSignedEnvelope().count),
            ("HMAC signed", try inputs.hmacSignedEnvelope().count),
        ]
        if tsv {
            emit("case\tops_per_sec\tcpu_ops_per_sec\tus_per_op\titerations\tseconds")
        } else {
            for (name, size) in sizes { emit("# \(name): \(size) bytes") }
            emit(pad("case", 24) + lpad("ops/s", 12) + lpad("ops/s (cpu)", 13) + lpad("µs/op", 10) + lpad("iterations", 12) + "  what one operation is")
        }
        for benchmark in cases {
            let m = try await runner.measure(benchmark)
            if tsv {
                emit(tsvRow(m))
            } else {
                emit(
                    pad(m.name, 24) + lpad(format(m.opsPerSecond), 12) + lpad(format(m.cpuOpsPerSecond), 13)
                        + lpad(String(format: "%.2f", m.microsecondsPerOp), 10) + lpad(String(m.iterations), 12) + "  " + m.detail)
            }
        }
    }

    /// One measurement as a `--tsv` row: case, ops/s, ops/s of CPU time, µs/op, iterations, seconds.
    static func tsvRow(_ m: Measurement) -> String {
        "\(m.name)\t\(format(m.opsPerSecond))\t\(format(m.cpuOpsPerSecond))\t\(String(format: "%.2f", m.microsecondsPerOp))\t\(m.iterations)\t\(String(format: "%.3f", m.seconds))"
    }

    /// Writes a line to standard output unbuffered, so progress shows as each case ends.
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    struct Usage: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func format(_ value: Double) -> String {
        value.isFinite ? String(format: "%.0f", value) : "-"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func lpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}
