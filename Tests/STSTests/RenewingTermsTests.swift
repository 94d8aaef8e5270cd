import Foundation
import SOAP
import Testing
import WSTrust
@testable import STS

/// The `wst:Renewing` element of an Issue request (WS-Trust 1.3 §5) is recorded with the token
/// and honoured by Renew (§8): Allow decides whether the token is renewable at all, OK whether
/// it may still be renewed after it expired (default false); refusals are `wst:UnableToRenew`,
/// and only a token that Renew would accept makes an expired presentation `wst:RenewNeeded`.
struct RenewingTermsTests {
    let harness = STSHarness()
    /// The harness's tokens live 360 s; the renewal window is the default 1800 s.
    var afterExpiry: Date { harness.now.addingTimeInterval(360 + 60) }

    @Test(arguments: [(true, true), (true, false), (false, true), (false, false)])
    func issueRecordsAllowAndOK(_ allow: Bool, _ ok: Bool) async throws {
        let (_, id) = try await harness.issueForJdoe(renewing: (allow: allow, ok: ok))
        let record = try #require(try await harness.store.record(id: id))
        #expect(record.renewable == allow)
        #expect(record.renewableAfterExpiry == (allow && ok))
    }

    @Test func withoutOKAnExpiredTokenIsUnableToRenew() async throws {
        let (token, id) = try await harness.issueForJdoe(renewing: (allow: true, ok: false))
        let fault = try await harness.fault(try harness.request(.renew, target: token, at: afterExpiry), at: afterExpiry)
        #expect(fault.subcode == SOAPFault.trust("UnableToRenew"))
        #expect(fault.reason == "the token has expired and was not issued as renewable after expiry")
        #expect(try await harness.store.record(id: id)?.status == .issued)

        // Before expiry the same token renews, and its successor keeps the terms it was issued with.
        let beforeExpiry = harness.now.addingTimeInterval(300)
        let rstr = try STSHarness.rstr(try await harness.send(try harness.request(.renew, target: token, at: beforeExpiry), at: beforeExpiry))
        let newID = try #require(rstr.requestedSecurityToken?.attribute("ID"))
        let successor = try #require(try await harness.store.record(id: newID))
        #expect(successor.renewable && !successor.renewableAfterExpiry)
        #expect(try await harness.store.record(id: id)?.status == .renewed)
    }

    @Test func withOKAnExpiredTokenIsRenewedAndTheOldOneMarkedRenewed() async throws {
        let (token, id) = try await harness.issueForJdoe(renewing: (allow: true, ok: true))
        let rstr = try STSHarness.rstr(try await harness.send(try harness.request(.renew, target: token, at: afterExpiry), at: afterExpiry))
        let newID = try #require(rstr.requestedSecurityToken?.attribute("ID"))
        #expect(try await harness.store.record(id: id)?.status == .renewed)
        #expect(try await harness.store.record(id: newID)?.renewableAfterExpiry == true)
    }

    @Test func allowFalseIsNeverRenewedEvenWhereThePartyDefaultsToRenewable() async throws {
        var harness = harness
        harness.configuration.renewal = RenewalPolicy(renewableByDefault: true)
        let (token, _) = try await harness.issueForJdoe(renewing: (allow: false, ok: true))
        let fault = try await harness.fault(try harness.request(.renew, target: token))
        #expect(fault.subcode == SOAPFault.trust("UnableToRenew"))
        #expect(fault.reason == "the token was not issued as renewable")
    }

    /// Renewable by configuration alone (no Renewing element): renewed while valid, not after
    /// expiry, since OK defaults to false.
    @Test func renewableByConfigurationIsNotRenewableAfterExpiry() async throws {
        var harness = harness
        harness.configuration.renewal = RenewalPolicy(renewableByDefault: true)
        let (token, id) = try await harness.issueForJdoe()
        let record = try #require(try await harness.store.record(id: id))
        #expect(record.renewable && !record.renewableAfterExpiry)
        let fault = try await harness.fault(try harness.request(.renew, target: token, at: afterExpiry), at: afterExpiry)
        #expect(fault.subcode == SOAPFault.trust("UnableToRenew"))
        _ = try STSHarness.rstr(try await harness.send(try harness.request(.renew, target: token)))
    }

    /// An expired token presented in OnBehalfOf (past the clock skew too, but inside the
    /// renewal window) is `wst:RenewNeeded` only when Renew would take it: with OK; without OK
    /// it is refused as any expired token is.
    @Test func renewNeededOnlyForTokensRenewableAfterExpiry() async throws {
        let afterExpiry = harness.now.addingTimeInterval(360 + 600)
        let (withoutOK, _) = try await harness.issueForJdoe(renewing: (allow: true, ok: false))
        var request = TestRequest()
        request.onBehalfOf = withoutOK
        let refused = try await harness.fault(try request.envelope(.signed(TestPKI.gateway), at: afterExpiry), at: afterExpiry)
        #expect(refused.subcode != nil)
        #expect(refused.subcode != SOAPFault.trust("RenewNeeded"))

        let (withOK, _) = try await harness.issueForJdoe(renewing: (allow: true, ok: true))
        request.onBehalfOf = withOK
        let renewNeeded = try await harness.fault(try request.envelope(.signed(TestPKI.gateway), at: afterExpiry), at: afterExpiry)
        #expect(renewNeeded.subcode == SOAPFault.trust("RenewNeeded"))
    }
}
