import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import TesseraLoadKit

/// What a run needs: the HTTP client (one event-loop thread, so the generator leaves the other
/// core to the server as far as it can), the pool, the options and the shared counters.
final class LoadSession: Sendable {
    let options: CommonOptions
    let client: HTTPClient
    let pool: Mutex<RequestPoolReader>
    let tally = Mutex(LoadTally())
    let poolExhausted = Atomic<Bool>(false)

    private init(options: CommonOptions, client: HTTPClient, pool: sending RequestPoolReader) {
        self.options = options
        self.client = client
        self.pool = Mutex(pool)
    }

    /// Opens the pool and the client, runs `body`, and shuts the client down whatever happens.
    static func with(_ options: CommonOptions, _ body: (LoadSession) async throws -> Void) async throws {
        let reader = try RequestPoolReader(path: options.pool)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10)),
            connectionPool: .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: options.connections),
            decompression: .disabled)
        configuration.httpVersion = .http1Only
        let client = HTTPClient(eventLoopGroup: group, configuration: configuration)
        let session = LoadSession(options: options, client: client, pool: reader)
        do {
            try await body(session)
        } catch {
            try? await client.shutdown()
            try? await group.shutdownGracefully()
            throw error
        }
        try await client.shutdown()
        try await group.shutdownGracefully()
    }

    /// The next unsent request of the pool; nil (and ``poolExhausted`` set) when none is left.
    func nextRequest() throws -> [UInt8]? {
        let request = try pool.withLock { try $0.next() }
        if request == nil { poolExhausted.store(true, ordering: .relaxed) }
        return request
    }

    /// Posts one Issue request and classifies the answer.
    func send(_ body: [UInt8]) async -> ResponseOutcome {
        var request = HTTPClientRequest(url: options.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: Self.contentType)
        request.body = .bytes(body)
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(options.timeout * 1e9)))
            let answer = try await response.body.collect(upTo: 4 << 20)
            return ResponseOutcome.classify(status: Int(response.status.code), body: answer.readableBytesView)
        } catch {
            return .transportError
        }
    }

    /// SOAP 1.2 with the WS-Trust 1.3 Issue action (the pool's requests are SOAP 1.2).
    private static let contentType =
        #"application/soap+xml; charset=utf-8; action="http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue""#
}

extension Duration {
    /// Whole nanoseconds (saturating near ±292 years, far beyond any run).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
