import AsyncHTTPClient
import Foundation
import Logging
import STS
import TesseraServer
import TesseraStore

/// `tessera-bench --mode password-burst`: whether a burst of password logins slows the X.509
/// requests and `/health` of the same server.
///
/// The STS runs in this process on 127.0.0.1 (HTTP/1.1, a free port) with the configuration of
/// `scripts/load-bench` (the test PKI, TEST KEYS ONLY: the gateway as delegating requestor, the
/// HelloService as relying party, an SQLite store) plus the ADFS aliases, one user whose password
/// is hashed at the default scrypt cost, and 127.0.0.1 as a trusted TLS-terminating proxy, so a
/// PasswordText sent with `X-Forwarded-Proto: https` counts as sent over TLS.
///
/// 1. Warm-up: two seconds of X.509 requests and one password login, not counted.
/// 2. Unloaded: pre-signed X.509 Issue requests (each distinct, sent once) at `rate` per second
///    for `seconds`, open loop; latency from each request's intended send time.
/// 3. Burst: the same X.509 schedule while `logins` clients each send PasswordText logins to the
///    usernamemixed alias back to back; their answers are counted by status.
///
/// In both phases `/health` is polled every 50 ms. The report (Markdown) gives the X.509
/// percentiles of both phases and their p99 ratio, `/health`'s latency and failures, the logins
/// answered per second, the machine and its load average, and the command.
enum PasswordBurstMode {
    static let helloService = LoadBenchConfiguration.helloService
    static let username = "burst"
    static let password = "burst-password-2026"
    static let loginPath = "/adfs/services/trust/13/usernamemixed"
    static let warmupSeconds = 2.0

    /// What the command line asks for.
    struct Options: Sendable {
        var seconds = 15.0
        var logins = 50
        var rate = 50.0
    }

    /// The figures of one phase.
    struct Phase: Sendable {
        var issued: [UInt64]
        var failedIssues: Int
        var health: HealthProbe.Outcome
        var logins: PasswordLogins.Outcome?
        var wallSeconds: Double
    }

    static func run(inputs: BenchmarkInputs, fixtures: URL, options: Options, command: String) async throws {
        let loadBefore = PasswordBurstReport.loadAverage()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-burst-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        TesseraBench.emit("# hashing the user's password at the default scrypt cost")
        let configuration = try serverConfiguration(
            fixtures: fixtures, directory: directory,
            passwordHash: try UserDirectory.hash(password: password))
        let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path, masterKey: .generate())
        var stsConfiguration = try STSConfiguration(configuration, replayCache: store)
        stsConfiguration.tokenStore = store
        let service = SecurityTokenService(configuration: stsConfiguration)

        let perPhase = Int((options.rate * options.seconds).rounded(.up))
        let warmup = Int((options.rate * warmupSeconds).rounded(.up))
        TesseraBench.emit("# signing \(warmup + 2 * perPhase) distinct X.509 Issue requests")
        var requests = try await signedRequests(count: warmup + 2 * perPhase, inputs: inputs)[...]
        let warmupRequests = Array(requests.prefix(warmup))
        requests = requests.dropFirst(warmup)
        let (unloadedRequests, burstRequests) = (Array(requests.prefix(perPhase)), Array(requests.dropFirst(perPhase)))

        var logger = Logger(label: "tessera-bench.server")
        logger.logLevel = .error
        let (unloaded, burst) = try await withRunningServer(
            logger: logger,
            { environment in
                // Only a TLS section can make buildApplication throw, and this configuration has none.
                try! buildApplication(configuration: configuration, tokenService: service, environment: environment)
            }
        ) { base in
            TesseraBench.emit(
                "# STS at \(base); password checks on \(stsConfiguration.passwordChecks.threadCount) threads, queue \(stsConfiguration.passwordChecks.queueLimit)"
            )
            let x509 = PasswordBurstTraffic.client(connections: 256)
            do {
                try await warmUp(x509, base: base, requests: warmupRequests, rate: options.rate)
            } catch {
                try? await x509.shutdown()
                throw error
            }
            TesseraBench.emit("# unloaded: X.509 at \(options.rate)/s for \(options.seconds) s")
            let unloaded = await phase(x509, base: base, requests: unloadedRequests, rate: options.rate, logins: nil)
            TesseraBench.emit("# burst: the same schedule with \(options.logins) password clients")
            let burst = await phase(x509, base: base, requests: burstRequests, rate: options.rate, logins: options.logins)
            try? await x509.shutdown()
            return (unloaded, burst)
        }
        let report = PasswordBurstReport(
            options: options, command: command, unloaded: unloaded, burst: burst,
            threads: stsConfiguration.passwordChecks.threadCount, queueLimit: stsConfiguration.passwordChecks.queueLimit,
            loadBefore: loadBefore, loadAfter: PasswordBurstReport.loadAverage())
        for line in report.lines() { TesseraBench.emit(line) }
    }

    /// Sends the warm-up requests and one login; throws unless every one is answered with 200.
    private static func warmUp(_ x509: HTTPClient, base: String, requests: [[UInt8]], rate: Double) async throws {
        let (latencies, failures) = await PasswordBurstTraffic.openLoop(x509, url: base + "/sts", requests: requests, rate: rate)
        guard failures == 0, latencies.count == requests.count else { throw BurstError("\(failures) warm-up X.509 requests failed") }
        let logins = PasswordBurstTraffic.client(connections: 1)
        let status = try? await PasswordBurstTraffic.post(
            logins, url: base + loginPath,
            body: try PasswordLogins.loginRequest(username: username, password: password),
            headers: PasswordLogins.forwarded)
        try? await logins.shutdown()
        guard status == 200 else {
            let answer = status.map { "HTTP \($0)" } ?? "no answer"
            throw BurstError("the warm-up password login got \(answer)")
        }
    }

    /// One phase: the X.509 schedule, `/health` polled throughout and, when `logins` is set,
    /// that many password clients until the schedule's last answer.
    private static func phase(_ x509: HTTPClient, base: String, requests: [[UInt8]], rate: Double, logins: Int?) async -> Phase {
        let stop = StopSignal()
        let start = ContinuousClock.now
        async let health = HealthProbe.run(url: base + "/health", until: stop)
        async let passwords = self.logins(logins, url: base + loginPath, until: stop)
        let (issued, failed) = await PasswordBurstTraffic.openLoop(x509, url: base + "/sts", requests: requests, rate: rate)
        stop.stop()
        let wall = (ContinuousClock.now - start).components
        return Phase(
            issued: issued, failedIssues: failed, health: await health, logins: await passwords,
            wallSeconds: Double(wall.seconds) + Double(wall.attoseconds) / 1e18)
    }

    /// `clients` password clients until `stop`; nil without clients.
    private static func logins(_ clients: Int?, url: String, until stop: StopSignal) async -> PasswordLogins.Outcome? {
        guard let clients else { return nil }
        return await PasswordLogins.run(url: url, clients: clients, username: username, password: password, until: stop)
    }

    /// Distinct Issue requests signed by the gateway, split over the cores.
    private static func signedRequests(count: Int, inputs: BenchmarkInputs) async throws -> [[UInt8]] {
        let gateway = inputs.gateway
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return try await withThrowingTaskGroup(of: [[UInt8]].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    try stride(from: worker, to: count, by: workers).map { _ in
                        try RequestPool.signedRequest(gateway: gateway, appliesTo: helloService, ttl: 3600)
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    /// `scripts/load-bench`'s configuration with the ADFS aliases, the user and the trusted proxy.
    private static func serverConfiguration(fixtures: URL, directory: URL, passwordHash: String) throws -> ServerConfiguration {
        var configuration = try LoadBenchConfiguration.make(fixtures: fixtures, directory: directory, adfs: true)
        configuration.listen.trustedProxies = ["127.0.0.1"]
        configuration.users = [.init(name: username, passwordHash: passwordHash)]
        try configuration.validate()
        return configuration
    }

    struct BurstError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
