import Foundation
import SOAP
import Testing
import WSSecurity
import WSTrust
@testable import STS

/// Cancel (WS-Trust 1.3 §10): a token the STS keeps state for is cancelled at once and later
/// Validate calls say invalid.
struct CancelTests {
    let harness = STSHarness()

    @Test func cancelledTokensAreInvalidFromThenOn() async throws {
        let (token, id) = try await harness.issueForJdoe()
        let response = try await harness.send(try harness.request(.cancel, target: token))
        #expect(try AddressingHeaders(reading: response)?.action == WSTrustVersion.v13.responseAction(.cancel))
        let rstr = try RequestSecurityTokenResponse(element: try #require(response.bodyPayload))
        #expect(rstr.requestedTokenCancelled)
        #expect(try await harness.store.record(id: id)?.status == .cancelled)
        let status = try RequestSecurityTokenResponse(element: try #require(try await harness.send(try harness.request(.validate, target: token)).bodyPayload))
            .status
        #expect(status?.valid == false)
    }

    @Test func aReferenceByIdentifierCancelsToo() async throws {
        let (_, id) = try await harness.issueForJdoe()
        _ = try await harness.send(try harness.request(.cancel, target: TestTokens.reference(to: id)))
        #expect(try await harness.store.record(id: id)?.status == .cancelled)
    }

    @Test func unknownOrAlreadyCancelledTokensAreRefused() async throws {
        let (token, _) = try await harness.issueForJdoe()
        _ = try await harness.send(try harness.request(.cancel, target: token))
        let twice = try await harness.fault(try harness.request(.cancel, target: token))
        #expect(twice.subcode == SOAPFault.trust("RequestFailed"))
        #expect(twice.reason == "the token was cancelled")
        let unknown = try await harness.fault(try harness.request(.cancel, target: TestTokens.reference(to: "_nobody")))
        #expect(unknown.subcode == SOAPFault.trust("RequestFailed"))
    }

    @Test func onlyTheRequestorTheTokenWasIssuedToMayCancelIt() async throws {
        let (token, id) = try await harness.issueForJdoe()
        let asAlice = try harness.request(
            .cancel, target: token, security: .username(UsernameToken(username: "alice", password: .text(TestUsers.alicePassword))))
        let fault = try await harness.fault(asAlice, context: STSRequestContext(transportIsSecure: true))
        #expect(fault.subcode == SOAPFault.trust("FailedAuthentication"))
        #expect(try await harness.store.record(id: id)?.status == .issued)
    }
}
