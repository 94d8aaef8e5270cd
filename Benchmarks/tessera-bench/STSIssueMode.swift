import Foundation
import SOAP
import STS
import SecurityCore
import TesseraCrypto
import TesseraServer
import TesseraStore
import WSSecurity
import X509

/// `tessera-bench --mode sts-issue`: the token service's work per issuance, in process and
/// single-threaded, without HTTP: what `tessera serve` does for each request of
/// `scripts/load-bench` between reading the body and writing the answer.
///
/// - `sts-issue`: parse a pre-signed Issue request (the load test's: RST for a SAML 2.0
///   sender-vouches assertion, OnBehalfOf a UsernameToken, signed by the gateway's X.509 key),
///   `SecurityTokenService.handle` with the load test's configuration (SQLite store with its
///   replay cache and token records, trust anchors, one relying party), serialize the signed
///   response. Every request is new, so none is refused as a replay.
/// - `sts-issue-memory-store`: the same issuance with the token records and replay entries held
///   in process memory (`InMemoryTokenStore`, `InMemoryReplayCache`) instead of SQLite: the
///   difference between the two is what the durable store costs per token (SQLite's statements,
///   the WAL commit's `pwrite`s and locks).
/// - `openssl-rsa2048-sign`: the RSA-2048 signature an issuance makes twice (assertion and
///   response message), measured alongside.
///
/// The difference, µs per issuance minus two signatures, is the non-RSA work the load test's
/// ratio to its RSA ceiling depends on.
///
/// With `--iterations N` it times nothing: it signs N requests (and a few for a warm-up), then
/// issues for each exactly once, calling ``callgrindMark()`` before and after the issuances, so
/// that `valgrind --tool=callgrind --dump-before='*callgrindMark*'` (scripts/callgrind-sts)
/// writes the issuances' instruction counts as a profile of their own (the second of three).
enum STSIssueMode {
    static func run(inputs: BenchmarkInputs, fixtures: URL, runner: Runner) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-sts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let service = try makeService(fixtures: fixtures, directory: directory)
        let memoryService = try makeService(fixtures: fixtures, directory: directory, durable: false)

        let count = 4000
        TesseraBench.emit("# signing \(2 * count) distinct Issue requests (the load test's pool, one per service)...")
        let gateway = inputs.gateway
        let requests = try (0..<(2 * count)).map { _ in
            try RequestPool.signedRequest(gateway: gateway, appliesTo: LoadBenchConfiguration.helloService, ttl: 3600)
        }
        let issue = issuance(name: "sts-issue", store: "SQLite", service: service, requests: requests[..<count])
        let issueInMemory = issuance(name: "sts-issue-memory-store", store: "in-memory stores", service: memoryService, requests: requests[count...])
        let key = inputs.gateway.privateKey
        let digest = [UInt8](repeating: 0x42, count: 32)
        let sign = BenchmarkCase(name: "openssl-rsa2048-sign", detail: "PrivateKey.signRSA, SHA-256 PKCS#1 v1.5") {
            _ = try key.signRSA(digest, digest: .sha256, padding: .pkcs1v15)
        }
        var shortRunner = runner
        shortRunner.target = .milliseconds(2000)
        let issued = try await shortRunner.measure(issue)
        let issuedInMemory = try await shortRunner.measure(issueInMemory)
        let signed = try await runner.measure(sign)
        let issuanceMicroseconds = 1e6 / issued.cpuOpsPerSecond
        let signatureMicroseconds = 1e6 / signed.cpuOpsPerSecond
        TesseraBench.emit(TesseraBench.pad("case", 24) + TesseraBench.lpad("ops/s (cpu)", 13) + TesseraBench.lpad("µs/op (cpu)", 13))
        for measurement in [issued, issuedInMemory, signed] {
            TesseraBench.emit(
                TesseraBench.pad(measurement.name, 24) + TesseraBench.lpad(TesseraBench.format(measurement.cpuOpsPerSecond), 13)
                    + TesseraBench.lpad(String(format: "%.1f", 1e6 / measurement.cpuOpsPerSecond), 13))
        }
        TesseraBench.emit(
            String(
                format: "sts-issue-non-rsa       %.1f µs per issuance (%.1f − 2 × %.1f)",
                issuanceMicroseconds - 2 * signatureMicroseconds, issuanceMicroseconds, signatureMicroseconds))
        TesseraBench.emit(
            String(
                format: "sts-issue-store         %.1f µs per issuance (SQLite − in-memory stores)",
                issuanceMicroseconds - 1e6 / issuedInMemory.cpuOpsPerSecond))
    }

    /// One issuance per call, each of a request from `requests` never sent before.
    private static func issuance(name: String, store: String, service: SecurityTokenService, requests: ArraySlice<[UInt8]>) -> BenchmarkCase {
        var next = requests.startIndex
        let context = STSRequestContext(soapAction: nil)
        return BenchmarkCase(name: name, detail: "parse a signed RST, SecurityTokenService.handle (\(store)), serialize the signed RSTRC") {
            guard next < requests.endIndex else { throw BenchmarkError.poolExhausted }
            let request = try SOAPEnvelope(parsing: requests[next])
            next += 1
            let response = await service.handle(request, context: context)
            guard response.bodyPayload?.localName == "RequestSecurityTokenResponseCollection", !response.serialize().isEmpty else {
                throw BenchmarkError.verificationFailed
            }
        }
    }

    /// Issuances before the first ``callgrindMark()`` in `--iterations` mode.
    static let warmUp = 5

    /// `--iterations N`: N issuances between two ``callgrindMark()`` calls, untimed, after
    /// ``warmUp`` others.
    static func count(iterations: Int, inputs: BenchmarkInputs, fixtures: URL) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-sts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let service = try makeService(fixtures: fixtures, directory: directory)
        let gateway = inputs.gateway
        let requests = try (0..<(iterations + warmUp)).map { _ in
            try RequestPool.signedRequest(gateway: gateway, appliesTo: LoadBenchConfiguration.helloService, ttl: 3600)
        }
        let context = STSRequestContext(soapAction: nil)
        var issued = 0
        // First-time costs (caches, statements, type metadata) are left out of the count.
        for request in requests.prefix(warmUp) {
            _ = await service.handle(try SOAPEnvelope(parsing: request), context: context)
        }
        callgrindMark()
        for request in requests.dropFirst(warmUp) {
            let response = await service.handle(try SOAPEnvelope(parsing: request), context: context)
            if response.bodyPayload?.localName == "RequestSecurityTokenResponseCollection", !response.serialize().isEmpty { issued += 1 }
        }
        callgrindMark()
        TesseraBench.emit("sts-issue: \(issued) of \(iterations) requests answered with a token (marks: \(callgrindMarks))")
        guard issued == iterations else { throw BenchmarkError.verificationFailed }
    }

    /// The token service `scripts/load-bench` configures, over an SQLite store in `directory`,
    /// or with `durable: false` over in-memory token records and replay entries.
    private static func makeService(fixtures: URL, directory: URL, durable: Bool = true) throws -> SecurityTokenService {
        let configuration = try LoadBenchConfiguration.make(fixtures: fixtures, directory: directory)
        guard durable else {
            var stsConfiguration = try STSConfiguration(configuration, replayCache: InMemoryReplayCache())
            stsConfiguration.tokenStore = InMemoryTokenStore()
            return SecurityTokenService(configuration: stsConfiguration)
        }
        let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path, masterKey: .generate())
        var stsConfiguration = try STSConfiguration(configuration, replayCache: store)
        stsConfiguration.tokenStore = store
        return SecurityTokenService(configuration: stsConfiguration)
    }
}

/// Counts its calls; not inlined, so that callgrind's `--dump-before='*callgrindMark*'` sees each.
@inline(never)
func callgrindMark() {
    callgrindMarks += 1
}

/// Calls of ``callgrindMark()`` (printed, so that no call is optimized away).
nonisolated(unsafe) var callgrindMarks = 0
