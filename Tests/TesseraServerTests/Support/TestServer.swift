import AsyncHTTPClient
import Foundation
import Logging
import Hummingbird
import ServiceLifecycle
import STS
import Synchronization
import TesseraServer
import Testing

/// A Tessera server running on a loopback port chosen by the system, for one test.
struct TestServer {
    /// The base URL the server publishes in its metadata.
    let baseURL: String
    let port: Int
    /// Where the test reaches it: loopback, whatever the published URL.
    var url: String { "\(usesTLS ? "https" : "http")://127.0.0.1:\(port)" }
    let usesTLS: Bool
    let metrics: ServerMetrics
    let logs: LogCapture

    /// Runs `body` against a server built by `buildApplication` from `configuration` (with the
    /// real token service, its audit events counted into `metrics` as `tessera serve` does,
    /// unless `service` is given), then shuts it down gracefully.
    static func with<Result>(
        _ configuration: ServerConfiguration = TestPKI.configuration(),
        service: (any TokenServiceEndpoint)? = nil,
        readiness: @escaping @Sendable () async -> Bool = { true },
        _ body: (TestServer) async throws -> Result
    ) async throws -> Result {
        let logs = LogCapture()
        let logger = Logger(label: "tessera.test") { _ in logs.handler() }
        let metrics = ServerMetrics()
        let tokenService: any TokenServiceEndpoint
        if let service {
            tokenService = service
        } else {
            var stsConfiguration = try STSConfiguration(configuration)
            stsConfiguration.audit = metrics.auditSink(relyingParties: RelyingPartyRegistry(configuration), logger: logger)
            tokenService = SecurityTokenService(configuration: stsConfiguration)
        }
        let (listening, continuation) = AsyncStream.makeStream(of: (String, Int).self)
        let environment = ServerEnvironment(logger: logger, metrics: metrics, readiness: readiness) { baseURL, port in
            continuation.yield((baseURL, port))
        }
        let application = try buildApplication(configuration: configuration, tokenService: tokenService, environment: environment)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = listening.makeAsyncIterator()
            guard let (baseURL, port) = await iterator.next() else { throw TestServerError.didNotStart }
            let server = TestServer(baseURL: baseURL, port: port, usesTLS: configuration.tls != nil, metrics: metrics, logs: logs)
            let result: Result
            do {
                result = try await body(server)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    /// POSTs `body` to `path` with the headers given; returns the status, headers and body.
    func post(_ path: String, body: [UInt8], headers: [(String, String)]) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: url + path)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await HTTPResult(HTTPClient.shared.execute(request, timeout: .seconds(60)))
    }

    /// POSTs a SOAP message the way a client of `version` does: SOAP 1.1 with `text/xml` and
    /// `SOAPAction`, SOAP 1.2 with the action as a media-type parameter.
    func postSOAP(_ body: [UInt8], to path: String = "/sts", version: SOAPVersionOnTheWire, action: String?) async throws -> HTTPResult {
        switch version {
        case .soap11:
            return try await post(path, body: body, headers: [("Content-Type", "text/xml; charset=utf-8"), ("SOAPAction", "\"\(action ?? "")\"")])
        case .soap12:
            let contentType = action.map { "application/soap+xml; charset=utf-8; action=\"\($0)\"" } ?? "application/soap+xml; charset=utf-8"
            return try await post(path, body: body, headers: [("Content-Type", contentType)])
        }
    }

    func get(_ path: String) async throws -> HTTPResult {
        try await HTTPResult(HTTPClient.shared.execute(HTTPClientRequest(url: url + path), timeout: .seconds(60)))
    }

    /// The value of the Prometheus sample `name{labels}` in `/metrics`, 0 when absent.
    func metric(_ name: String, _ labels: [String: String]) async throws -> Double {
        PrometheusText.value(of: name, labels, in: try await get("/metrics").text)
    }
}

/// Reads one sample out of a Prometheus text exposition.
enum PrometheusText {
    /// The value of the sample `name` whose labels are exactly `labels`; 0 when there is none.
    static func value(of name: String, _ labels: [String: String], in text: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2 else { continue }
            let labelText = line.drop { $0 != "{" }.dropFirst().prefix { $0 != "}" }
            let found = Dictionary(
                labelText.split(separator: ",").compactMap { pair -> (String, String)? in
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2 else { return nil }
                    return (String(kv[0]), String(kv[1].dropFirst().dropLast()))
                }, uniquingKeysWith: { first, _ in first })
            if labels.allSatisfy({ found[$0.key] == $0.value }), found.count == labels.count {
                return Double(parts[parts.count - 1]) ?? 0
            }
        }
        return 0
    }
}

enum SOAPVersionOnTheWire: CaseIterable, Sendable {
    case soap11, soap12
}

enum TestServerError: Error {
    case didNotStart
}

/// An HTTP response, read whole.
struct HTTPResult {
    let status: Int
    let headers: [(String, String)]
    let body: [UInt8]

    init(_ response: HTTPClientResponse) async throws {
        status = Int(response.status.code)
        headers = response.headers.map { ($0.name, $0.value) }
        body = Array(try await response.body.collect(upTo: 16 << 20).readableBytesView)
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// Collects the log records of a test server.
final class LogCapture: Sendable {
    struct Record: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private let records = Mutex<[Record]>([])

    var all: [Record] { records.withLock { $0 } }

    func handler() -> some LogHandler {
        Handler(capture: self)
    }

    fileprivate func append(_ record: Record) {
        records.withLock { $0.append(record) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append(Record(level: event.level, message: event.message.description, metadata: merged.mapValues { $0.description }))
        }
    }
}
