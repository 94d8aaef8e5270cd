import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import TesseraLoadKit

/// What a run needs: the connections (on the one event-loop thread that also runs the generator's
/// tasks, see ``TesseraLoad/main()``), the pool, the options and the shared counters.
final class LoadSession: Sendable {
    let options: CommonOptions
    let connections: ConnectionPool
    let framing: HTTPRequestFraming
    let expectation: ResponseExpectation
    let pool: Mutex<RequestPoolReader>
    let tally = Mutex(LoadTally())
    let poolExhausted = Atomic<Bool>(false)
    /// Set once `--max-requests` requests were handed out.
    let limitReached = Atomic<Bool>(false)

    private init(options: CommonOptions, connections: ConnectionPool, framing: HTTPRequestFraming, pool: sending RequestPoolReader) {
        self.options = options
        self.connections = connections
        self.framing = framing
        self.expectation = options.successMarker.map { ResponseExpectation.bodyContains(Array($0.utf8)) } ?? .issuedToken
        self.pool = Mutex(pool)
    }

    /// Opens the pool and the event loop, runs `body`, and closes the connections whatever happens.
    static func with(_ options: CommonOptions, _ body: (LoadSession) async throws -> Void) async throws {
        guard let url = URL(string: options.url), url.scheme == "http", let host = url.host, let port = url.port else {
            throw ValidationError("--url must be http://host:port/path (tessera-load speaks plain HTTP/1.1)")
        }
        let reader = try RequestPoolReader(path: options.pool, cycle: options.cycle)
        let group = MultiThreadedEventLoopGroup.singleton
        let connections = ConnectionPool(host: host, port: port, limit: options.connections, group: group)
        let framing = HTTPRequestFraming(
            path: url.path.isEmpty ? "/" : url.path, host: "\(host):\(port)",
            contentType: options.contentType ?? issueContentType)
        let session = LoadSession(options: options, connections: connections, framing: framing, pool: reader)
        defer { connections.closeAll() }
        try await body(session)
    }

    /// The next unsent request of the pool; nil when none is left (``poolExhausted`` set) or
    /// `--max-requests` were sent (``limitReached`` set).
    func nextRequest() throws -> [UInt8]? {
        let limit = options.maxRequests
        let request = try pool.withLock { reader -> [UInt8]? in
            if let limit, reader.delivered >= limit {
                limitReached.store(true, ordering: .relaxed)
                return nil
            }
            guard let request = try reader.next() else {
                poolExhausted.store(true, ordering: .relaxed)
                return nil
            }
            return request
        }
        return request
    }

    /// The measured process's CPU time now (nil without `--server-pid`, or when it is gone).
    func serverCPUTime() -> ProcessCPUTime? {
        options.serverPID.flatMap { ProcessCPUTime(pid: $0) }
    }

    /// Posts one request and classifies the answer.
    func send(_ body: [UInt8]) async -> ResponseOutcome {
        let request = framing.request(body: body)
        let timeout = TimeAmount.nanoseconds(Int64(options.timeout * 1e9))
        do {
            let response = try await connections.withConnection { try await $0.exchange(request, timeout: timeout) }
            return ResponseOutcome.classify(status: response.status, body: response.body, expecting: expectation)
        } catch {
            return .transportError
        }
    }

    /// SOAP 1.2 with the WS-Trust 1.3 Issue action (rst-pool's requests are SOAP 1.2).
    private static let issueContentType =
        #"application/soap+xml; charset=utf-8; action="http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue""#
}

extension Duration {
    /// Whole nanoseconds (saturating near ±292 years, far beyond any run).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
