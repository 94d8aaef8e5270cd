import Foundation
import SOAP
import Testing
import WSSecurity
import WSTrust
import XMLCore
@testable import STS

/// Every request ends in one audit event: who asked, on behalf of whom, for where, what was
/// issued, or why it was refused.
struct AuditTests {
    let harness = STSHarness()

    @Test func anIssuanceIsAuditedWithEveryParty() async throws {
        var request = TestRequest()
        request.onBehalfOf = TestTokens.username("jdoe")
        let envelope = try request.envelope(.signed(TestPKI.gateway), at: harness.now)
        let response = try await harness.send(envelope, context: STSRequestContext(remoteAddress: "192.0.2.7"))
        let id = try #require(try STSHarness.rstr(response).requestedSecurityToken?.attribute("ID"))

        #expect(harness.audit.all.count == 1)
        let event = try #require(harness.audit.last)
        #expect(event.time == harness.now)
        #expect(event.requestType == .issue)
        #expect(event.requestor == "x509:gateway")
        #expect(event.authentication == .x509Signature)
        #expect(event.delegatedIdentity == "jdoe")
        #expect(event.delegation == .onBehalfOf)
        #expect(event.appliesTo == STSHarness.hello)
        #expect(event.relyingParty == "hello")
        #expect(event.messageID == (try AddressingHeaders(reading: envelope))?.messageID)
        #expect(event.remoteAddress == "192.0.2.7")
        guard case .issued(let token) = event.outcome else { Issue.record("not issued: \(event.outcome)"); return }
        #expect(token.id == id && token.subject == "jdoe" && token.tokenType == .saml20)
        #expect(token.expires == harness.now.addingTimeInterval(360))
    }

    @Test func aRefusalIsAuditedWithItsFaultAndWhatWasKnown() async throws {
        let envelope = try TestRequest(appliesTo: "https://elsewhere.example/").envelope(.signed(TestPKI.gateway), at: harness.now)
        let fault = try await harness.fault(envelope)
        let event = try #require(harness.audit.last)
        #expect(event.requestor == "x509:gateway")
        #expect(event.requestType == .issue)
        #expect(event.appliesTo == "https://elsewhere.example/")
        #expect(event.outcome == .refused(fault: SOAPFault.trust("InvalidScope"), reason: fault.reason))
    }

    @Test func anUnauthenticatedRefusalNamesNoRequestor() async throws {
        _ = try await harness.fault(try TestRequest().envelope(.signed(TestPKI.untrusted), at: harness.now))
        let event = try #require(harness.audit.last)
        #expect(event.requestor == nil && event.authentication == nil)
        // What the unauthenticated request presented, for the audit log and the refusal metrics.
        #expect(event.requestType == .issue && event.appliesTo == STSHarness.hello && event.tokenType == .saml20)
        guard case .refused(let fault, _) = event.outcome else { Issue.record("not refused"); return }
        #expect(fault == WSSFaultCode.failedAuthentication.name)
    }

    @Test func aBodyWithoutAnRSTIsAuditedWithoutARequestType() async throws {
        let envelope = try TestRequest().envelope(.signed(TestPKI.gateway), at: harness.now)
        envelope.body.children.forEach { $0.remove() }
        _ = try await harness.fault(envelope)
        let event = try #require(harness.audit.last)
        #expect(event.requestType == nil && event.appliesTo == nil && event.tokenType == nil)
    }

    @Test func theDecidedTokenTypeIsAudited() async throws {
        var request = TestRequest(tokenType: .saml11)
        request.onBehalfOf = TestTokens.username("jdoe")
        _ = try await harness.send(try request.envelope(.signed(TestPKI.gateway), at: harness.now))
        // hello is configured for SAML 2.0: the party's type wins over the request's.
        #expect(harness.audit.last?.tokenType == .saml20)
    }

    @Test func validateRenewAndCancelAreAudited() async throws {
        let (token, id) = try await harness.issueForJdoe(renewing: (allow: true, ok: false))
        _ = try await harness.send(try harness.request(.validate, target: token))
        #expect(harness.audit.last?.outcome == .validated(valid: true, reason: SecurityTokenService.validReason, issued: nil))

        let renewed = try STSHarness.rstr(try await harness.send(try harness.request(.renew, target: token)))
        let newID = try #require(renewed.requestedSecurityToken?.attribute("ID"))
        guard case .renewed(let previous, let newToken) = harness.audit.last?.outcome else { Issue.record("renewal not audited"); return }
        #expect(previous == id && newToken.id == newID)
        #expect(harness.audit.last?.relyingParty == "hello")

        _ = try await harness.send(try harness.request(.cancel, target: TestTokens.reference(to: newID)))
        #expect(harness.audit.last?.outcome == .cancelled(tokenID: newID))
        #expect(harness.audit.all.count == 4)
    }
}
