import Foundation
import SOAP
import Testing
import TesseraServer

/// The sample HelloService counts its requests by outcome on the `/metrics` of the server that
/// hosts it, beside the STS's counters.
struct HelloServiceMetricsTests {
    /// `name{...} value` lines of `text` whose labels include `labels`, by their full label text.
    static func samples(_ name: String, _ labels: [String: String], in text: String) -> [String: Double] {
        var found: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") {
            let labelText = String(line.drop { $0 != "{" }.dropFirst().prefix { $0 != "}" })
            let pairs = Set(labelText.split(separator: ",").map(String.init))
            guard labels.allSatisfy({ pairs.contains("\($0.key)=\"\($0.value)\"") }),
                let value = line.split(separator: " ").last.flatMap({ Double($0) })
            else { continue }
            found[labelText] = value
        }
        return found
    }

    @Test func requestsAreCountedByOutcome() async throws {
        try await Chain.with(toHelloService: true) { chain in
            let through = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
            #expect(through.status == 200, "\(through.text)")
            // Straight to HelloService with the consumer's UsernameToken: no assertion, refused.
            let direct = try await HTTPResult.post(chain.helloServiceURL, body: ConsumerRequest.identity(.v11), headers: ConsumerRequest.headers(.v11))
            #expect(direct.status == 500)
            let plain = try await HTTPResult.post(chain.helloServiceURL, body: Array("hello".utf8), headers: [("Content-Type", "text/plain")])
            #expect(plain.status == 415)

            let text = try await HTTPResult.get(chain.stsURL.replacingOccurrences(of: "/sts", with: "/metrics")).text
            let requests = Self.samples("tessera_hello_requests_total", ["path": "/hello"], in: text)
            func count(_ outcome: String) -> Double {
                Self.samples("tessera_hello_requests_total", ["path": "/hello", "outcome": outcome], in: text).values.reduce(0, +)
            }
            #expect(count("success") == 1, "\(requests)")
            #expect(count("unsupported_media_type") == 1)
            #expect(requests.filter { $0.key.contains("outcome=\"wsse:") }.values.reduce(0, +) == 1, "\(requests)")
            #expect(requests.values.reduce(0, +) == 3)
            let timed = Self.samples("tessera_hello_request_duration_seconds_count", ["path": "/hello", "result": "success"], in: text)
            #expect(timed.values.reduce(0, +) == 1)
        }
    }
}
