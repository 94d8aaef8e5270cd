import Foundation
import Hummingbird
import Logging
import SOAP
import TesseraClient
import TesseraLoadKit
import TesseraServer

/// The cost of the HTTP stack alone, for `--mode secure-conversation-http` to divide by: the
/// same Hummingbird HTTP/1.1 server and the same ``TesseraClient/HTTPSOAPTransport`` clients
/// (async-http-client, keep-alive), in the same process, with a route that answers every POST
/// with the bytes it received and does nothing else.
///
/// No WS-Security exchange over this stack can be faster than its echo, so the echo rate is the
/// ceiling of `sc-exchange-http` on this machine.
enum HTTPFloor {
    struct Outcome: Sendable {
        let exchanges: Int
        let wallSeconds: Double
        let cpuSeconds: Double
        var rate: Double { Double(exchanges) / wallSeconds }
        var cpuRate: Double { Double(exchanges) / cpuSeconds }
    }

    /// Echoes `payload` over `connections` keep-alive connections, each sending back to back
    /// (closed loop) for one warm-up second and then `seconds`.
    static func measure(payload: [UInt8], connections: Int, seconds: Double, logger: Logger) async throws -> Outcome {
        try await withEchoServer(logger: logger) { url in
            let transports = try (0..<connections).map { _ in try HTTPSOAPTransport(url: url) }
            do {
                _ = try await drive(transports, payload: payload, for: .seconds(1))
                let clock = ContinuousClock()
                let cpuStart = Runner.cpuSeconds()
                let start = clock.now
                let exchanges = try await drive(transports, payload: payload, for: .milliseconds(Int(seconds * 1000)))
                let wall = (clock.now - start).components
                let outcome = Outcome(
                    exchanges: exchanges, wallSeconds: Double(wall.seconds) + Double(wall.attoseconds) / 1e18,
                    cpuSeconds: Runner.cpuSeconds() - cpuStart)
                for transport in transports { try await transport.shutdown() }
                return outcome
            } catch {
                for transport in transports { try? await transport.shutdown() }
                throw error
            }
        }
    }

    /// Echoes `payload` `warmUp` times and then exactly `iterations` times on each of
    /// `connections` connections, for instruction counts; returns the counted echoes.
    static func count(payload: [UInt8], connections: Int, warmUp: Int, iterations: Int, logger: Logger) async throws -> Int {
        try await withEchoServer(logger: logger) { url in
            let transports = try (0..<connections).map { _ in try HTTPSOAPTransport(url: url) }
            do {
                _ = try await drive(transports, payload: payload) { _, _, sent in sent < warmUp }
                let exchanges = try await drive(transports, payload: payload) { _, _, sent in sent < iterations }
                for transport in transports { try await transport.shutdown() }
                return exchanges
            } catch {
                for transport in transports { try? await transport.shutdown() }
                throw error
            }
        }
    }

    /// Runs `body` with the echo server listening, passing it the route's URL.
    private static func withEchoServer<Result: Sendable>(logger: Logger, _ body: (_ url: String) async throws -> Result) async throws -> Result {
        let router = Router()
        router.post("/echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            return Response(status: .ok, headers: [.contentType: SOAPVersion.v12.mediaType], body: .init(byteBuffer: body))
        }
        return try await withRunningServer(
            logger: logger,
            { environment in
                Application(
                    router: router, server: .http1(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { channel in
                        let port = channel.localAddress?.port ?? 0
                        await environment.onListening("http://127.0.0.1:\(port)/echo", port)
                    }, logger: logger)
            }
        ) { url in
            try await body(url)
        }
    }

    private static func drive(_ transports: [HTTPSOAPTransport], payload: [UInt8], for duration: Duration) async throws -> Int {
        try await drive(transports, payload: payload) { clock, started, _ in clock.now < started + duration }
    }

    /// Every transport echoes `payload` back to back while `goOn(clock, started, sent so far)`
    /// holds; returns the number of echoes.
    private static func drive(
        _ transports: [HTTPSOAPTransport], payload: [UInt8],
        while goOn: @escaping @Sendable (ContinuousClock, ContinuousClock.Instant, Int) -> Bool
    ) async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for transport in transports {
                group.addTask {
                    let clock = ContinuousClock()
                    let started = clock.now
                    var count = 0
                    while goOn(clock, started, count) {
                        let answer = try await transport.exchange(payload, version: .v12, action: "urn:example:echo")
                        guard answer.count == payload.count else { throw BenchmarkError.verificationFailed }
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
    }
}
