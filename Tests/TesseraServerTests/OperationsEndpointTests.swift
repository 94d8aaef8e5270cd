import Foundation
import Synchronization
import Testing
import WSTrust
@testable import TesseraServer

/// /metrics counts requests, tokens issued and refused, and latency; /health and /ready answer.
struct OperationsEndpointTests {
    @Test func metricsMoveWithRequests() async throws {
        try await TestServer.with { server in
            let action = WSTrustVersion.v13.requestAction(.issue)
            let before = try await server.metric("tessera_sts_tokens_issued_total", ["token_type": "saml2.0", "relying_party": "hello"])
            #expect(before == 0)
            for _ in 0..<2 {
                #expect(try await server.postSOAP(try TestPKI.signedRequest(), version: .soap12, action: action).status == 200)
            }
            #expect(try await server.postSOAP(try TestPKI.signedRequest(version: .v11), version: .soap11, action: action).status == 200)
            #expect(try await server.postSOAP(try TestPKI.signedRequest(appliesTo: "urn:nowhere"), version: .soap12, action: action).status == 400)
            #expect(
                try await server.postSOAP(try TestPKI.signedRequest(signer: TestPKI.credential("untrusted")), version: .soap12, action: action).status == 400)

            #expect(try await server.metric("tessera_sts_requests_total", ["endpoint": "sts", "binding": "soap12", "outcome": "success"]) == 2)
            #expect(try await server.metric("tessera_sts_requests_total", ["endpoint": "sts", "binding": "soap11", "outcome": "success"]) == 1)
            #expect(try await server.metric("tessera_sts_requests_total", ["endpoint": "sts", "binding": "soap12", "outcome": "wst:InvalidScope"]) == 1)
            #expect(
                try await server.metric("tessera_sts_requests_total", ["endpoint": "sts", "binding": "soap12", "outcome": "wsse:FailedAuthentication"]) == 1)
            #expect(try await server.metric("tessera_sts_tokens_issued_total", ["token_type": "saml2.0", "relying_party": "hello"]) == 3)
            #expect(
                try await server.metric(
                    "tessera_sts_tokens_refused_total",
                    ["token_type": "saml2.0", "relying_party": "unmatched", "reason": "wst:InvalidScope"]) == 1)
            #expect(
                try await server.metric(
                    "tessera_sts_tokens_refused_total",
                    ["token_type": "saml2.0", "relying_party": "hello", "reason": "wsse:FailedAuthentication"]) == 1)
            #expect(try await server.metric("tessera_sts_request_duration_seconds_count", ["endpoint": "sts", "result": "success"]) == 3)
            #expect(try await server.metric("tessera_sts_request_duration_seconds_count", ["endpoint": "sts", "result": "fault"]) == 2)
            let exposition = try await server.get("/metrics")
            #expect(exposition.header("Content-Type") == ServerMetrics.contentType)
            #expect(exposition.text.contains("# TYPE tessera_sts_request_duration_seconds histogram"))
        }
    }

    @Test func healthAnswersAndReadinessFollowsItsCheck() async throws {
        final class Flag: Sendable { let value = Mutex(false) }
        let ready = Flag()
        try await TestServer.with(readiness: { ready.value.withLock { $0 } }) { server in
            let health = try await server.get("/health")
            #expect(health.status == 200)
            #expect(health.text == "ok\n")
            #expect(try await server.get("/ready").status == 503)
            ready.value.withLock { $0 = true }
            #expect(try await server.get("/ready").status == 200)
        }
    }
}
