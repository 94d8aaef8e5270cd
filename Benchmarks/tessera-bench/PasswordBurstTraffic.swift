import AsyncHTTPClient
import Foundation
import NIOCore
import TesseraLoadKit

/// The three kinds of traffic of `--mode password-burst`, each over its own async-http-client
/// `HTTPClient` (keep-alive, its own connection pool), so none waits for another's connections.
enum PasswordBurstTraffic {
    /// SOAP 1.2 with the WS-Trust 1.3 Issue action, as every request of the mode is.
    static let contentType = #"application/soap+xml; charset=utf-8; action="http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue""#

    /// A keep-alive client with up to `connections` connections to one host, no redirects.
    static func client(connections: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)),
            decompression: .disabled)
        configuration.connectionPool = .init(idleTimeout: .seconds(300), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// POSTs `body` to `url` with `headers` and returns the status once the whole answer is read.
    static func post(_ client: HTTPClient, url: String, body: [UInt8], headers: [(String, String)] = []) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: .seconds(120))
        _ = try await response.body.collect(upTo: 4 << 20)
        return Int(response.status.code)
    }

    /// Nanoseconds from `start` to now, never negative.
    static func nanoseconds(since start: ContinuousClock.Instant) -> UInt64 {
        let elapsed = (ContinuousClock.now - start).components
        return UInt64(max(0, elapsed.seconds)) * 1_000_000_000 + UInt64(max(0, elapsed.attoseconds / 1_000_000_000))
    }

    /// Open loop: request `i` of `requests` is sent `i / rate` seconds after the start, whether
    /// or not earlier ones were answered, and its latency runs from that intended time (a stalled
    /// server is charged for every request due meanwhile). Returns the latencies of the answers
    /// with status 200 and how many requests failed (another status, or no answer).
    static func openLoop(_ client: HTTPClient, url: String, requests: [[UInt8]], rate: Double) async -> (latencies: [UInt64], failures: Int) {
        guard let schedule = ArrivalSchedule(rate: rate, count: requests.count) else { return ([], requests.count) }
        let start = ContinuousClock.now
        return await withTaskGroup(of: UInt64?.self) { group in
            for (index, body) in requests.enumerated() {
                let due = start + .nanoseconds(schedule.offsetNanoseconds(of: index))
                try? await Task.sleep(until: due, clock: .continuous)
                group.addTask {
                    let status = try? await post(client, url: url, body: body)
                    return status == 200 ? nanoseconds(since: due) : nil
                }
            }
            var latencies: [UInt64] = []
            var failures = 0
            for await latency in group {
                if let latency { latencies.append(latency) } else { failures += 1 }
            }
            return (latencies, failures)
        }
    }
}
