import Foundation
import Logging
import SOAP
import SecureConversation
import TesseraClient
import TesseraLoadKit
import TesseraServer

/// `tessera-bench --mode secure-conversation-http`: the established-session path of
/// WS-SecureConversation over loopback HTTP, server and clients in this one process, sharing
/// every core of the machine.
///
/// The sample quote service (the same as `--mode secure-conversation`'s, stateful contexts in
/// memory) listens on 127.0.0.1 through ``TesseraServer/SecureConversationEndpoint`` (Hummingbird,
/// HTTP/1.1 keep-alive). `--connections` clients each establish their own context over HTTP
/// (RST/SCT signed with the gateway key) and then, for `--seconds`, send one ≈2 KB request after
/// another (closed loop): each `sc-exchange-http` is the client signing and encrypting with
/// derived keys, the POST, the service decrypting, verifying, echoing, signing and encrypting,
/// and the client decrypting and verifying the response. Reported: exchanges per second of wall
/// time, per CPU-second of the process (client and server together), the cores used, p50/p99
/// latency, the ratio to ``HTTPFloor`` (the same HTTP server and clients echoing the envelope
/// with no security, measured right after with the same connections), the ratio to
/// `sc-primitives-2k`, the raw HMAC-SHA1, AES-256-CBC and P_SHA1 cost of the same bytes measured
/// on one core in the same run, and the ceiling of the ratio to the floor: an exchange over
/// HTTP costs at least the same exchange in process (`sc-exchange-2k`, one core, same run) plus
/// an echo, so per CPU-second the ratio cannot exceed echo ÷ (in process + echo).
enum SecureConversationHTTPMode {
    static func run(inputs: BenchmarkInputs, fixtures: URL, runner: Runner, connections: Int, seconds: Double) async throws {
        var logger = Logger(label: "tessera-bench.server")
        logger.logLevel = .warning
        let service = try SecureConversationMode.makeService(fixtures: fixtures, inputs: inputs)
        let endpoint = SecureConversationEndpoint(path: "/quotes", service: service)
        let request = inputs.unsecuredEnvelope
        let cores = ProcessInfo.processInfo.activeProcessorCount

        let result = try await withSecureConversationServer(endpoint, logger: logger) { url in
            TesseraBench.emit("# service at \(url); \(connections) connections, each with its own context; \(cores) cores")
            return try await withClients(of: url, connections: connections, inputs: inputs, fixtures: fixtures) { clients in
                _ = try await drive(clients, request: request, for: .seconds(1))
                let clock = ContinuousClock()
                let cpuStart = Runner.cpuSeconds()
                let start = clock.now
                let latencies = try await drive(clients, request: request, for: .milliseconds(Int(seconds * 1000)))
                let wall = clock.now - start
                let cpu = Runner.cpuSeconds() - cpuStart
                return Outcome(
                    latencies: LatencySummary(nanoseconds: latencies),
                    wallSeconds: Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18,
                    cpuSeconds: cpu)
            }
        }

        let primitives = try await runner.measure(SecureConversationMode.primitivesCase(request: request))
        let floor = try await HTTPFloor.measure(payload: request, connections: connections, seconds: seconds, logger: logger)
        let inProcess = try await runner.measure(try await SecureConversationMode.exchangeCase(inputs: inputs, fixtures: fixtures).0)
        let rate = Double(result.latencies.count) / result.wallSeconds
        let cpuRate = Double(result.latencies.count) / result.cpuSeconds
        func milliseconds(_ percentile: Double) -> Double { Double(result.latencies.nanoseconds(atPercentile: percentile) ?? 0) / 1e6 }
        TesseraBench.emit(
            String(
                format:
                    "sc-exchange-http      %8.0f exchanges/s   %8.0f per CPU-second   %.2f of %d cores busy   p50 %.2f ms   p99 %.2f ms   (%d exchanges in %.1f s)",
                rate, cpuRate, result.cpuSeconds / result.wallSeconds, cores,
                milliseconds(50), milliseconds(99), result.latencies.count, result.wallSeconds))
        TesseraBench.emit(
            String(
                format:
                    "http-echo-floor       %8.0f exchanges/s   %8.0f per CPU-second   the same HTTP server and clients echoing the %d-byte envelope, no security",
                floor.rate, floor.cpuRate, request.count))
        TesseraBench.emit(
            String(
                format: "sc-exchange-http ÷ http-echo-floor: %.1f%% of the rate, %.1f%% per CPU-second (the HTTP stack alone caps exchanges at the floor)",
                100 * rate / floor.rate, 100 * cpuRate / floor.cpuRate))
        // Over HTTP an exchange does the in-process exchange's work plus what an echo costs the
        // HTTP stack; anything beyond is what running it across threads costs (caches gone cold
        // after each handoff between event loops and tasks).
        let inProcessMicroseconds = 1e6 / inProcess.cpuOpsPerSecond
        let echoMicroseconds = 1e6 / floor.cpuRate
        TesseraBench.emit(
            String(
                format: "sc-exchange-2k        %8.0f per CPU-second in process on one core (%.1f µs): the same exchange without HTTP",
                inProcess.cpuOpsPerSecond, inProcessMicroseconds))
        TesseraBench.emit(
            String(
                format:
                    "ceiling per CPU-second if crossing threads cost nothing: %.1f%% of the floor (echo %.1f µs ÷ (in process %.1f + echo %.1f)); crossing threads costs %.1f µs per exchange",
                100 * echoMicroseconds / (inProcessMicroseconds + echoMicroseconds), echoMicroseconds, inProcessMicroseconds, echoMicroseconds,
                1e6 / cpuRate - inProcessMicroseconds - echoMicroseconds))
        TesseraBench.emit(String(format: "sc-primitives-2k      %8.0f per second on one core (%.1f µs)", primitives.opsPerSecond, primitives.microsecondsPerOp))
        TesseraBench.emit(
            String(
                format: "exchanges per CPU-second ÷ primitives per second: %.1f%% (cryptography is that share of an exchange's CPU)",
                100 * cpuRate / primitives.cpuOpsPerSecond))
        TesseraBench.emit(
            String(
                format: "exchanges/s ÷ (%d cores × primitives per second): %.1f%% of the crypto-only limit of this machine",
                cores, 100 * rate / (Double(cores) * primitives.opsPerSecond)))
    }

    /// `--iterations N`: establishes a context on each of `connections` connections, sends
    /// ``warmUp`` exchanges on each, then exactly `iterations` more, and prints only the count;
    /// with `floorOnly`, ``HTTPFloor``'s echoes in the same numbers instead. Under callgrind,
    /// two runs with different N leave the instructions of N exchanges (scripts/callgrind-sc-http).
    static func count(iterations: Int, floorOnly: Bool, inputs: BenchmarkInputs, fixtures: URL, connections: Int) async throws {
        var logger = Logger(label: "tessera-bench.server")
        logger.logLevel = .warning
        let request = inputs.unsecuredEnvelope
        if floorOnly {
            let exchanges = try await HTTPFloor.count(payload: request, connections: connections, warmUp: warmUp, iterations: iterations, logger: logger)
            TesseraBench.emit("http-echo-floor: \(exchanges) echoes on \(connections) connections after \(warmUp) each to warm up")
            return
        }
        let service = try SecureConversationMode.makeService(fixtures: fixtures, inputs: inputs)
        let endpoint = SecureConversationEndpoint(path: "/quotes", service: service)
        let exchanges = try await withSecureConversationServer(endpoint, logger: logger) { url in
            try await withClients(of: url, connections: connections, inputs: inputs, fixtures: fixtures) { clients in
                _ = try await drive(clients, request: request, exchanges: warmUp)
                return try await drive(clients, request: request, exchanges: iterations).count
            }
        }
        TesseraBench.emit("sc-exchange-http: \(exchanges) exchanges on \(connections) connections after \(warmUp) each to warm up")
    }

    /// Exchanges each connection sends before the counted ones, in `--iterations` runs.
    static let warmUp = 10

    /// Runs `body` with `connections` clients of the service at `url`, each on its own connection
    /// with its own established context; the connections are closed afterwards, also on error.
    private static func withClients<T: Sendable>(
        of url: String, connections: Int, inputs: BenchmarkInputs, fixtures: URL,
        _ body: ([SecureConversationClient]) async throws -> T
    ) async throws -> T {
        var transports: [HTTPSOAPTransport] = []
        do {
            var clients: [SecureConversationClient] = []
            for _ in 0..<connections {
                let transport = try HTTPSOAPTransport(url: url)
                transports.append(transport)
                let configuration = try SecureConversationMode.clientConfiguration(fixtures: fixtures, inputs: inputs, endpoint: url)
                let client = SecureConversationClient(configuration: configuration, transport: transport)
                try await client.establish()
                clients.append(client)
            }
            let result = try await body(clients)
            for transport in transports { try await transport.shutdown() }
            return result
        } catch {
            for transport in transports { try? await transport.shutdown() }
            throw error
        }
    }

    /// Every client sends requests back to back for `duration`; returns each exchange's latency
    /// in nanoseconds.
    private static func drive(_ clients: [SecureConversationClient], request: [UInt8], for duration: Duration) async throws -> [UInt64] {
        try await drive(clients, request: request) { clock, started, _ in clock.now < started + duration }
    }

    /// Every client sends exactly `exchanges` requests back to back; returns their latencies.
    private static func drive(_ clients: [SecureConversationClient], request: [UInt8], exchanges: Int) async throws -> [UInt64] {
        try await drive(clients, request: request) { _, _, sent in sent < exchanges }
    }

    /// Every client sends requests back to back while `goOn(clock, started, sent so far)` holds.
    private static func drive(
        _ clients: [SecureConversationClient], request: [UInt8],
        while goOn: @escaping @Sendable (ContinuousClock, ContinuousClock.Instant, Int) -> Bool
    ) async throws -> [UInt64] {
        try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for client in clients {
                group.addTask {
                    let clock = ContinuousClock()
                    let started = clock.now
                    var latencies: [UInt64] = []
                    while goOn(clock, started, latencies.count) {
                        let sent = clock.now
                        let response = try await client.send(try SOAPEnvelope(parsing: request), action: "urn:example:quotes/GetQuotes")
                        guard response.bodyPayload?.localName == "GetQuotes" else { throw BenchmarkError.verificationFailed }
                        let elapsed = (clock.now - sent).components
                        latencies.append(UInt64(elapsed.seconds) * 1_000_000_000 + UInt64(elapsed.attoseconds / 1_000_000_000))
                    }
                    return latencies
                }
            }
            var all: [UInt64] = []
            for try await latencies in group { all += latencies }
            return all
        }
    }

    /// The measured run: latencies, wall and process CPU time.
    private struct Outcome: Sendable {
        let latencies: LatencySummary
        let wallSeconds: Double
        let cpuSeconds: Double
    }
}
