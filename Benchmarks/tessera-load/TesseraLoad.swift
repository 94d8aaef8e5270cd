import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// `tessera-load`: drives `tessera serve` with WS-Trust Issue requests from a pre-signed pool
/// (`tessera-bench rst-pool`), each sent once (the STS refuses a replayed signature), over
/// HTTP/1.1 keep-alive on a fixed number of connections, in one of two modes; or any other SOAP
/// endpoint with `--content-type` and `--success-marker` (scripts/gateway-bench drives
/// `tessera gateway`, the sample provider and a pass-through proxy), `--cycle` sending a small
/// pool of requests that may be repeated over and over:
///
/// - `peak`: closed loop, each connection sends its next request as soon as the previous one is
///   answered; reports the rate the server sustains (its peak) and the latencies under it.
/// - `paced`: open loop, requests leave at a constant rate whatever the answers do; latency is
///   measured from each request's intended send time (no coordinated omission).
///
/// Both print `load: <name> <value>` lines on standard output for scripts/load-bench, a summary
/// on standard error, and with `--server-pid` sample the server's resident set from /proc and
/// read its CPU time at the start and the end of the measured window (CPU per request).
@main
struct TesseraLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera-load",
        abstract: "Peak (closed-loop) and paced (open-loop) load of WS-Trust Issue against tessera serve, or of any SOAP endpoint.",
        subcommands: [PeakCommand.self, PacedCommand.self])

    /// Runs every task of the generator on one NIO event-loop thread, the one its connections
    /// use, before parsing the command line: a request then goes out and its answer comes back
    /// without a thread hop or a wake-up between the connection and the task waiting for it.
    /// The generator shares the server's two cores, so each context switch it saves is CPU
    /// given back to the server being measured.
    static func main() async {
        NIOSingletons.groupLoopCountSuggestion = 1
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }
}

/// Options both modes share.
struct CommonOptions: ParsableArguments {
    @Option(help: "The STS endpoint, e.g. http://127.0.0.1:8080/sts.")
    var url: String

    @Option(help: "The request pool file written by tessera-bench rst-pool.")
    var pool: String

    @Option(help: "Concurrent HTTP/1.1 keep-alive connections.")
    var connections = 16

    @Option(help: "Seconds measured, after the warm-up.")
    var duration: Double = 20

    @Option(help: "Seconds of load before measuring (not counted).")
    var warmup: Double = 2

    @Option(help: "Seconds a request may take before it counts as a transport error.")
    var timeout: Double = 30

    @Option(
        name: .customLong("server-pid"),
        help: "Sample this process's VmRSS from /proc during the run, and report its CPU time in the measured window.")
    var serverPID: Int32?

    @Option(name: .customLong("content-type"), help: "The requests' Content-Type (default: SOAP 1.2 with the WS-Trust 1.3 Issue action).")
    var contentType: String?

    @Option(
        name: .customLong("success-marker"),
        help: "Count an HTTP 200 whose body contains this text as a success (default: an RSTR carrying an assertion).")
    var successMarker: String?

    @Flag(help: "Read the pool again from its start when it ends (for requests that may be repeated).")
    var cycle = false

    @Option(name: .customLong("max-requests"), help: "Send at most this many requests (warm-up included); the run ends after them.")
    var maxRequests: Int?

    @Option(name: .customLong("sample-interval"), help: "Seconds between resident-set samples.")
    var sampleInterval: Double = 10

    func validate() throws {
        guard connections > 0, connections <= 1024 else { throw ValidationError("--connections must be between 1 and 1024") }
        if let maxRequests, maxRequests <= 0 { throw ValidationError("--max-requests must be positive") }
        if let successMarker, successMarker.isEmpty { throw ValidationError("--success-marker must not be empty") }
        if let contentType, contentType.isEmpty || contentType.contains(where: \.isNewline) {
            throw ValidationError("--content-type must be one non-empty header value")
        }
        guard duration > 0, warmup >= 0, timeout > 0, sampleInterval > 0 else {
            throw ValidationError("--duration, --timeout and --sample-interval must be positive, --warmup not negative")
        }
    }
}

struct PeakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "peak", abstract: "Closed loop: the highest sustained rate.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        try await LoadSession.with(options) { session in
            try await PeakRun(session: session).run()
        }
    }
}

struct PacedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "paced", abstract: "Open loop at a constant arrival rate.")

    @OptionGroup var options: CommonOptions

    @Option(help: "Requests per second.")
    var rate: Double

    @Option(
        name: .customLong("max-outstanding"),
        help: "Requests in flight beyond which a due request is skipped (counted) instead of queued.")
    var maxOutstanding = 4096

    func validate() throws {
        guard rate.isFinite, rate > 0 else { throw ValidationError("--rate must be positive") }
        guard maxOutstanding > 0 else { throw ValidationError("--max-outstanding must be positive") }
    }

    func run() async throws {
        let (rate, maxOutstanding) = (rate, maxOutstanding)
        try await LoadSession.with(options) { session in
            try await PacedRun(session: session, rate: rate, maxOutstanding: maxOutstanding).run()
        }
    }
}
