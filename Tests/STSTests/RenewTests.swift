import Foundation
import SAML
import SecurityCore
import SOAP
import StoreProtocols
import Synchronization
import Testing
import WSSecurity
import WSTrust
import XMLCore
@testable import STS

/// Renew (WS-Trust 1.3 §8): a renewable token of the STS is re-issued with a new lifetime,
/// within the renewal window, and the old one is marked renewed atomically.
struct RenewTests {
    let harness = STSHarness()

    func renewed(_ response: SOAPEnvelope) throws -> RequestSecurityTokenResponse {
        try RequestSecurityTokenResponse(element: try #require(response.bodyPayload))
    }

    @Test func aRenewableTokenIsReissuedWithANewLifetime() async throws {
        let (token, id) = try await harness.issueForJdoe(renewing: (allow: true, ok: false))
        let later = harness.now.addingTimeInterval(300)
        let response = try await harness.send(try harness.request(.renew, target: token, at: later), at: later)
        #expect(response.bodyPayload?.localName == "RequestSecurityTokenResponse")
        #expect(try AddressingHeaders(reading: response)?.action == WSTrustVersion.v13.responseAction(.renew))
        let rstr = try renewed(response)
        let newToken = try #require(rstr.requestedSecurityToken)
        let newID = try #require(newToken.attribute("ID"))
        #expect(newID != id)
        #expect(rstr.lifetime?.created == later && rstr.lifetime?.expires == later.addingTimeInterval(360))

        let validated = try await SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [TestPKI.ca]), clock: .fixed(later)) {
            SAMLAudiencePolicy(audience: STSHarness.hello)
        }.validate(serialized: newToken.document.serialize(newToken))
        #expect(validated.facts.subjects.first?.name == "jdoe")
        #expect(validated.facts.notOnOrAfter == later.addingTimeInterval(360))

        #expect(try await harness.store.record(id: id)?.status == .renewed)
        let record = try #require(try await harness.store.record(id: newID))
        #expect(record.renewedFrom == id && record.status == .issued && record.requestor == "x509:gateway")
        // The old token is no longer valid; renewing it again fails.
        let status = try RequestSecurityTokenResponse(
            element: try #require(try await harness.send(try harness.request(.validate, target: token, at: later), at: later).bodyPayload)
        ).status
        #expect(status?.valid == false)
        let again = try await harness.fault(try harness.request(.renew, target: token, at: later), at: later)
        #expect(again.subcode == SOAPFault.trust("UnableToRenew"))
    }

    @Test func anExpiredTokenIsRenewedWithinTheWindowOnly() async throws {
        let (token, _) = try await harness.issueForJdoe(renewing: (allow: true, ok: true))
        let justExpired = harness.now.addingTimeInterval(360 + 60)
        let response = try await harness.send(try harness.request(.renew, target: token, at: justExpired), at: justExpired)
        #expect(try renewed(response).requestedSecurityToken != nil)

        let (other, _) = try await harness.issueForJdoe(renewing: (allow: true, ok: true))
        let tooLate = harness.now.addingTimeInterval(360 + 1800 + 1)
        let fault = try await harness.fault(try harness.request(.renew, target: other, at: tooLate), at: tooLate)
        #expect(fault.subcode == SOAPFault.trust("UnableToRenew"))
    }

    @Test func renewalIsRefusedForNonRenewableCancelledAndForeignTokens() async throws {
        let (plain, _) = try await harness.issueForJdoe()
        #expect(try await harness.fault(try harness.request(.renew, target: plain)).reason == "the token was not issued as renewable")

        let (cancelled, id) = try await harness.issueForJdoe(renewing: (allow: true, ok: false))
        _ = try await harness.store.transition(id: id, from: .issued, to: .cancelled)
        #expect(try await harness.fault(try harness.request(.renew, target: cancelled)).subcode == SOAPFault.trust("UnableToRenew"))

        let start = harness.now.addingTimeInterval(-60)
        let foreign = try TestTokens.assertion(notBefore: start, notOnOrAfter: start.addingTimeInterval(600))
        #expect(try await harness.fault(try harness.request(.renew, target: foreign)).subcode == SOAPFault.trust("UnableToRenew"))

        let (tampered, _) = try await harness.issueForJdoe(renewing: (allow: true, ok: false))
        try #require(tampered.descendantsAndSelf.first { $0.localName == "NameID" }).setText("mallory")
        let forged = try await harness.fault(try harness.request(.renew, target: tampered))
        #expect(forged.subcode == SOAPFault.trust("UnableToRenew"))
        #expect(forged.reason == "the token was not issued by this STS")
    }

    @Test func onlyTheRequestorTheTokenWasIssuedToMayRenewIt() async throws {
        let (token, _) = try await harness.issueForJdoe(renewing: (allow: true, ok: false))
        let asAlice = try harness.request(
            .renew, target: token, security: .username(UsernameToken(username: "alice", password: .text(TestUsers.alicePassword))))
        let fault = try await harness.fault(asAlice, context: STSRequestContext(transportIsSecure: true))
        #expect(fault.subcode == SOAPFault.trust("FailedAuthentication"))
    }

    /// Another instance renews the token between this one's read and its transition: this
    /// renewal fails and its new token is cancelled before anyone sees it.
    @Test func aLostRaceIsUnableToRenewAndLeavesNoLiveToken() async throws {
        final class RacingStore: TokenStore {
            let inner = InMemoryTokenStore()
            let raced = Mutex<String?>(nil)
            func insert(_ record: IssuedTokenRecord) async throws {
                try await inner.insert(record)
                // Another instance wins the old token the moment the new one is recorded.
                if let old = record.renewedFrom {
                    _ = try await inner.transition(id: old, from: .issued, to: .renewed)
                    raced.withLock { $0 = record.id }
                }
            }
            func record(id: String) async throws -> IssuedTokenRecord? { try await inner.record(id: id) }
            func transition(id: String, from expected: IssuedTokenRecord.Status, to status: IssuedTokenRecord.Status) async throws -> Bool {
                try await inner.transition(id: id, from: expected, to: status)
            }
            func purge(expiredBefore cutoff: Date) async throws -> Int { try await inner.purge(expiredBefore: cutoff) }
        }
        let store = RacingStore()
        var harness = harness
        harness.configuration.tokenStore = store
        let (token, _) = try await harness.issueForJdoe(renewing: (allow: true, ok: false))
        let fault = try await harness.fault(try harness.request(.renew, target: token))
        #expect(fault.subcode == SOAPFault.trust("UnableToRenew"))
        let loser = try #require(store.raced.withLock { $0 })
        #expect(try await store.record(id: loser)?.status == .cancelled)
    }

    /// An expired renewable token presented for delegation: the requestor is told to renew it.
    @Test func anExpiredRenewableTokenInOnBehalfOfNeedsRenewal() async throws {
        let (token, _) = try await harness.issueForJdoe(renewing: (allow: true, ok: true))
        let later = harness.now.addingTimeInterval(360 + 600)
        var request = TestRequest()
        request.onBehalfOf = token
        let fault = try await harness.fault(try request.envelope(.signed(TestPKI.gateway), at: later), at: later)
        #expect(fault.subcode == SOAPFault.trust("RenewNeeded"))
    }

    @Test func renewalCanBeSwitchedOffAndDefaultedPerParty() {
        var policy = RenewalPolicy(renewableByDefault: false, renewableByParty: ["hello": true])
        #expect(policy.isRenewable(requested: nil, relyingParty: "hello"))
        #expect(!policy.isRenewable(requested: nil, relyingParty: "other"))
        #expect(!policy.isRenewable(requested: (allow: false, ok: false), relyingParty: "hello"))
        policy.enabled = false
        #expect(!policy.isRenewable(requested: (allow: true, ok: true), relyingParty: "hello"))
    }
}
