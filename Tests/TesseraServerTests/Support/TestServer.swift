import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import STS
import Synchronization
import TesseraServer
import Testing

/// How a test reaches the application ``buildApplication`` composes.
///
/// Most HTTP behaviour needs no socket: routing, media types, the SOAP 1.1 and 1.2 bindings,
/// size limits, faults, metadata and `/metrics` are all decided by the router, so those suites
/// hand their requests to it in process. A real listener stays for what only a connection has:
/// TLS (TLSListenerTests, PasswordText over TLS in IssueOverHTTPTests), the client's address
/// (TrustedProxyOverHTTPTests and BusyPasswordPoolOverHTTPTests, whose `X-Forwarded-Proto`
/// counts only from a trusted peer), separate connections (ConcurrentRequestsTests), instances
/// at separate addresses (SharedPostgresInstancesTests), the port the system binds, which the
/// published base URL follows, and clients that are processes or
/// HTTP clients of their own (zeep fetching the WSDL; ``TesseraClient/HTTPSOAPTransport`` in the
/// suites over ``serving(_:in:_:)`` and `withSecureConversationServer`).
enum TestServerConnection: Sendable {
    /// HummingbirdTesting's `.router` mode: no socket, so no TLS and no client address (every
    /// request counts as plain HTTP from an unknown peer). The application keeps the configured
    /// port, or ``TestServer/routerPort`` when it is 0, for the addresses it publishes.
    case router
    /// A listener on a loopback port the system chooses, reached with AsyncHTTPClient.
    case loopback
}

/// A Tessera server for one test: its router in process, or a listener on loopback.
struct TestServer: Sendable {
    /// The base URL the server publishes in its metadata.
    let baseURL: String
    let port: Int
    /// Where a client of its own reaches a loopback listener, whatever the published URL.
    var url: String { "\(usesTLS ? "https" : "http")://127.0.0.1:\(port)" }
    let usesTLS: Bool
    let metrics: ServerMetrics
    let logs: LogCapture
    /// The router in process; nil for a loopback listener.
    private let router: (any TestClientProtocol)?

    init(baseURL: String, port: Int, usesTLS: Bool, metrics: ServerMetrics, logs: LogCapture, router: (any TestClientProtocol)? = nil) {
        self.baseURL = baseURL
        self.port = port
        self.usesTLS = usesTLS
        self.metrics = metrics
        self.logs = logs
        self.router = router
    }

    /// The port a router-mode application publishes when its configuration says 0: nothing
    /// listens on it.
    static let routerPort = 8080

    /// Runs `body` against the application built by `buildApplication` from `configuration`
    /// (with the real token service, its audit events counted into `metrics` as `tessera serve`
    /// does, unless `service` is given), reached `over` its router or a loopback listener; a
    /// listener is shut down gracefully afterwards.
    static func with<Result>(
        _ configuration: ServerConfiguration = TestPKI.configuration(),
        service: (any TokenServiceEndpoint)? = nil,
        readiness: @escaping @Sendable () async -> Bool = { true },
        over connection: TestServerConnection = .router,
        _ body: @Sendable (TestServer) async throws -> Result
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
        switch connection {
        case .router:
            guard configuration.tls == nil else { throw TestServerError.tlsNeedsALoopbackListener }
            var configuration = configuration
            if configuration.listen.port == 0 { configuration.listen.port = routerPort }
            let environment = ServerEnvironment(logger: logger, metrics: metrics, readiness: readiness)
            let application = try buildApplication(configuration: configuration, tokenService: tokenService, environment: environment)
            let port = configuration.listen.port
            let baseURL =
                configuration.publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
                ?? "http://\(configuration.listen.host):\(port)"
            return try await application.test(.router) { client in
                try await body(TestServer(baseURL: baseURL, port: port, usesTLS: false, metrics: metrics, logs: logs, router: client))
            }
        case .loopback:
            let (listening, continuation) = AsyncStream.makeStream(of: (String, Int).self)
            let environment = ServerEnvironment(logger: logger, metrics: metrics, readiness: readiness) { baseURL, port in
                continuation.yield((baseURL, port))
            }
            let application = try buildApplication(configuration: configuration, tokenService: tokenService, environment: environment)
            return try await withLoopbackListener([application], logger: logger, listening: listening) { baseURL, port in
                try await body(
                    TestServer(baseURL: baseURL, port: port, usesTLS: configuration.tls != nil, metrics: metrics, logs: logs, router: nil))
            }
        }
    }

    /// Runs `services` (the last an application listening on loopback) in a service group while
    /// `body` runs with the base URL and port the application reported through `listening`,
    /// then shuts them down gracefully.
    static func withLoopbackListener<Result>(
        _ services: [any Service], logger: Logger, listening: AsyncStream<(String, Int)>,
        _ body: (_ baseURL: String, _ port: Int) async throws -> Result
    ) async throws -> Result {
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = listening.makeAsyncIterator()
            guard let (baseURL, port) = await iterator.next() else { throw TestServerError.didNotStart }
            let result: Result
            do {
                result = try await body(baseURL, port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    /// Sends a GET or POST to `path` with `headers` and `body`; returns the status, headers and body.
    private func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]? = nil, headers: [(String, String)] = []) async throws -> HTTPResult {
        if let router {
            var fields = HTTPFields()
            for (name, value) in headers {
                fields.append(HTTPField(name: try #require(HTTPField.Name(name)), value: value))
            }
            let response = try await router.executeRequest(uri: path, method: method, headers: fields, body: body.map { ByteBuffer(bytes: $0) })
            return HTTPResult(response)
        }
        var request = HTTPClientRequest(url: url + path)
        request.method = method == .post ? .POST : .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        return try await HTTPResult(HTTPClient.shared.execute(request, timeout: .seconds(60)))
    }

    /// POSTs `body` to `path` with the headers given; returns the status, headers and body.
    func post(_ path: String, body: [UInt8], headers: [(String, String)]) async throws -> HTTPResult {
        try await send(.post, path, body: body, headers: headers)
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
        try await send(.get, path)
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
    /// TLS is a property of a connection: a configuration with `tls` needs ``TestServerConnection/loopback``.
    case tlsNeedsALoopbackListener
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

    init(_ response: TestResponse) {
        status = response.status.code
        headers = response.headers.map { ($0.name.rawName, $0.value) }
        body = Array(response.body.readableBytesView)
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
