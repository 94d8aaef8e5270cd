import Foundation
import SOAP
import STS
import Testing
@testable import TesseraGateway

/// `/health`, `/ready` (the STS answers) and `/metrics` (requests per route and outcome, STS
/// calls, cache events).
struct GatewayOperationsTests {
    @Test func readinessFollowsTheSTSAndMetricsCountTheTraffic() async throws {
        try await Chain.with { chain in
            #expect(try await HTTPResult.get(chain.gatewayURL + "/health").status == 200)
            #expect(try await Self.becomesReady(chain.gatewayURL))
            _ = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
            #expect(try await chain.metric("tessera_gateway_requests_total", ["route": "hello", "outcome": "forwarded"]) == 1)
            #expect(try await chain.metric("tessera_gateway_sts_calls_total", ["route": "hello", "outcome": "issued"]) == 1)
            let exposition = try await HTTPResult.get(chain.gatewayURL + "/metrics").text
            #expect(exposition.contains("tessera_gateway_sts_call_duration_seconds"))
            #expect(!exposition.contains("jdoe"))  // no identity in a label
        }
    }

    /// Whether `/ready` answers 200 within 30 s: its probe gives the STS 2 s, which a machine
    /// running the whole suite at once may not meet on the first try, as an orchestrator's
    /// readiness probe would retry.
    static func becomesReady(_ gatewayURL: String) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        repeat {
            if try await HTTPResult.get(gatewayURL + "/ready").status == 200 { return true }
            try await Task.sleep(for: .milliseconds(500))
        } while ContinuousClock.now < deadline
        return false
    }

    @Test func theGatewayIsNotReadyWhileItsSTSIsDown() async throws {
        let reserved = ReservedPort()
        let port = reserved.port
        try await Fixtures.withScratchDirectory { scratch in
            let configuration = try Fixtures.stsConfiguration(port: port, digestKeyPath: scratch.appendingPathComponent("digest.key").path)
            let sts = CountingTokenService(service: SecurityTokenService(configuration: try STSConfiguration(configuration)))
            try await Chain.withProviderAndGateway(stsURL: "http://127.0.0.1:\(port)/sts", sts: sts, configure: { _ in }) { chain in
                let health = try await HTTPResult.get(chain.gatewayURL + "/health")
                let ready = try await HTTPResult.get(chain.gatewayURL + "/ready")
                #expect(health.status == 200)
                #expect(ready.status == 503)
            }
        }
        withExtendedLifetime(reserved) {}
    }
}
