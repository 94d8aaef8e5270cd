import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
#if canImport(Glibc)
    import Glibc
#endif

/// Runs `service` in a service group while `body` runs with the port it reported through
/// `listening`, then shuts it down gracefully.
func withLiveServer<Result>(
    _ service: some Service, listening: AsyncStream<Int>,
    _ body: (Int) async throws -> Result
) async throws -> Result {
    let group = ServiceGroup(configuration: .init(services: [service], logger: Logger(label: "tessera.test.group")))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = listening.makeAsyncIterator()
        guard let port = await iterator.next() else { throw LiveServerError.didNotStart }
        let result: Result
        do {
            result = try await body(port)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}

enum LiveServerError: Error {
    case didNotStart
}

/// A loopback TCP port held bound, without listening, until released: a connection to it is
/// refused, and no other server of the test run can take it meanwhile (a port merely found free
/// may be another suite's listener a moment later).
final class ReservedPort: Sendable {
    let port: Int
    private let descriptor: Int32

    init() {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}

/// An HTTP response, read whole.
struct HTTPResult: Sendable {
    let status: Int
    let contentType: String?
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// POSTs `body` to `url` with `headers`.
    static func post(_ url: String, body: [UInt8], headers: [(String, String)]) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        return HTTPResult(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            body: Array(try await response.body.collect(upTo: 16 << 20).readableBytesView))
    }

    static func get(_ url: String) async throws -> HTTPResult {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        return HTTPResult(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            body: Array(try await response.body.collect(upTo: 16 << 20).readableBytesView))
    }
}
