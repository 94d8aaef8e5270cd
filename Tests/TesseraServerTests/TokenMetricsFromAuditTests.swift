import Foundation
import Logging
import SOAP
import STS
import Testing
import WSTrust
import XMLCore
@testable import TesseraServer

/// The token counters of /metrics come from the token service's audit events (the sink
/// `ServerMetrics.auditSink` makes), not from reading responses back off the wire.
struct TokenMetricsFromAuditTests {
    static let issueAction = WSTrustVersion.v13.requestAction(.issue)

    /// A service that answers with a real RSTR carrying a token, recorded earlier from the real
    /// token service, but reports no audit event: nothing is counted as issued.
    struct ReplayingService: TokenServiceEndpoint {
        let answer: [UInt8]
        func respond(to request: SOAPEnvelope, context: EndpointRequest) async -> SOAPEnvelope {
            (try? SOAPEnvelope(parsing: answer)) ?? SOAPEnvelope(version: request.version)
        }
    }

    @Test func aTokenOnTheWireWithoutAnAuditEventIsNotCounted() async throws {
        let answer = try await TestServer.with { server in
            let result = try await server.postSOAP(try TestPKI.signedRequest(), version: .soap12, action: Self.issueAction)
            #expect(result.status == 200)
            #expect(try await server.metric("tessera_sts_tokens_issued_total", ["token_type": "saml2.0", "relying_party": "hello"]) == 1)
            return result.body
        }
        try await TestServer.with(service: ReplayingService(answer: answer)) { server in
            let result = try await server.postSOAP(try TestPKI.signedRequest(), version: .soap12, action: Self.issueAction)
            #expect(result.status == 200)
            #expect(try SOAPEnvelope(parsing: result.body).bodyPayload?.localName == "RequestSecurityTokenResponseCollection")
            #expect(try await server.metric("tessera_sts_requests_total", ["endpoint": "sts", "binding": "soap12", "outcome": "success"]) == 1)
            #expect(try await server.metric("tessera_sts_tokens_issued_total", ["token_type": "saml2.0", "relying_party": "hello"]) == 0)
        }
    }

    /// Events handed to the sink directly show up at /metrics with their labels: an issuance, a
    /// renewal (counted as issued), an Issue refusal, and neither a Validate without a new token
    /// nor a refused Cancel.
    @Test func eachAuditOutcomeCountsAsDocumented() async throws {
        let configuration = TestPKI.configuration()
        try await TestServer.with(configuration, service: EmptyResponseService()) { server in
            let sink = server.metrics.auditSink(relyingParties: RelyingPartyRegistry(configuration), logger: Logger(label: "test"))
            let now = Date()
            let token = AuditEvent.Token(id: "_t", tokenType: .saml11, subject: "jdoe", created: now, expires: now.addingTimeInterval(60))
            var issued = AuditEvent(time: now, outcome: .issued(token))
            issued.requestType = .issue
            issued.relyingParty = "hello"
            sink(issued)
            var renewed = AuditEvent(time: now, outcome: .renewed(previousID: "_old", token: token))
            renewed.requestType = .renew
            renewed.appliesTo = TestPKI.helloService
            sink(renewed)
            var refused = AuditEvent(time: now, outcome: .refused(fault: QName(WSTrustVersion.v13.namespace, "InvalidRequest"), reason: "x"))
            refused.requestType = .issue
            refused.tokenType = .jwt
            sink(refused)
            var validated = AuditEvent(time: now, outcome: .validated(valid: true, reason: nil, issued: nil))
            validated.requestType = .validate
            sink(validated)
            var cancelRefused = AuditEvent(time: now, outcome: .refused(fault: QName(WSTrustVersion.v13.namespace, "RequestFailed"), reason: "x"))
            cancelRefused.requestType = .cancel
            sink(cancelRefused)

            #expect(try await server.metric("tessera_sts_tokens_issued_total", ["token_type": "saml1.1", "relying_party": "hello"]) == 2)
            #expect(
                try await server.metric(
                    "tessera_sts_tokens_refused_total",
                    ["token_type": "jwt", "relying_party": "none", "reason": "wst:InvalidRequest"]) == 1)
            let text = try await server.get("/metrics").text
            #expect(!text.contains("RequestFailed"))
            #expect(text.split(separator: "\n").filter { $0.hasPrefix("tessera_sts_tokens_issued_total{") }.count == 1)
        }
    }

    /// End to end: an issuance and a refusal (unknown AppliesTo, and an untrusted signer whose
    /// request named a configured party) through the real token service, read at /metrics.
    @Test func issuanceAndRefusalAreCountedThroughTheServer() async throws {
        try await TestServer.with { server in
            #expect(try await server.postSOAP(try TestPKI.signedRequest(), version: .soap12, action: Self.issueAction).status == 200)
            #expect(try await server.postSOAP(try TestPKI.signedRequest(appliesTo: "urn:nowhere"), version: .soap12, action: Self.issueAction).status == 400)
            #expect(
                try await server.postSOAP(try TestPKI.signedRequest(signer: TestPKI.credential("untrusted")), version: .soap12, action: Self.issueAction).status
                    == 400)
            #expect(try await server.metric("tessera_sts_tokens_issued_total", ["token_type": "saml2.0", "relying_party": "hello"]) == 1)
            #expect(
                try await server.metric(
                    "tessera_sts_tokens_refused_total",
                    ["token_type": "saml2.0", "relying_party": "unmatched", "reason": "wst:InvalidScope"]) == 1)
            #expect(
                try await server.metric(
                    "tessera_sts_tokens_refused_total",
                    ["token_type": "saml2.0", "relying_party": "hello", "reason": "wsse:FailedAuthentication"]) == 1)
            let warning = try #require(server.logs.all.first { $0.message == "AppliesTo matches no relying party" })
            #expect(warning.metadata["applies_to"] == "urn:nowhere")
        }
    }
}
