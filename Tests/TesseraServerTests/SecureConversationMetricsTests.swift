import SOAP
import SecureConversation
import TesseraSamples
import TesseraServer
import Testing

/// A secure-conversation endpoint counts each request by kind and outcome, with bounded labels.
@Suite struct SecureConversationMetricsTests {
    @Test func requestsAreCountedByKindAndOutcome() async throws {
        let metrics = ServerMetrics()
        try await SecureConversationOverHTTPTests.withService(metrics: metrics) { url, transport in
            let client = SecureConversationOverHTTPTests.client(url: url, version: .v13, soap: .v12, transport: transport)
            try await client.establish()
            for index in 0..<3 {
                _ = try await client.send(EchoService.request("hi \(index)", version: .v12), action: EchoService.action)
            }
            let lastMessage = try #require(transport.last)
            _ = try await client.renew()
            try await client.cancel()
            // The last message again, after the cancellation: refused (wsc:BadContextToken).
            let refused = try await SecureConversationOverHTTPTests.post(lastMessage.bytes, to: url, soap: .v12, action: EchoService.action)
            #expect(refused.status != 200)
            let plain = try await SecureConversationOverHTTPTests.rawPost(Array("hello".utf8), to: url, headers: [("Content-Type", "text/plain")])
            #expect(plain.status == 415)
        }
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        func requests(_ request: String, _ outcome: String) -> Double {
            PrometheusText.value(of: "tessera_sc_requests_total", ["path": "/echo", "request": request, "outcome": outcome], in: text)
        }
        #expect(requests("establish", "success") == 1)
        #expect(requests("message", "success") == 3)
        #expect(requests("renew", "success") == 1)
        #expect(requests("cancel", "success") == 1)
        #expect(requests("message", "wsc:BadContextToken") == 1, "\(text)")
        #expect(requests("unknown", "unsupported_media_type") == 1)
        let timed = PrometheusText.value(
            of: "tessera_sc_request_duration_seconds_count",
            ["path": "/echo", "request": "message", "result": "success"], in: text)
        #expect(timed == 3)
        #expect(!text.contains(EchoService.action), "the peer's action is never a label")
    }
}
