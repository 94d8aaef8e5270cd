import Foundation
import SAML
import SecurityCore
import SOAP
import Testing
import WSSecurity
import WSTrust
import XMLCore
@testable import STS

/// Validate (WS-Trust 1.3 §7): a Status for tokens the STS issued or trusts, and token
/// exchange when another TokenType is asked for.
struct ValidateTests {
    let harness = STSHarness()
    var statusType: TokenType { TokenType(rawValue: WSTrustVersion.v13.statusTokenType) }

    func status(_ response: SOAPEnvelope) throws -> RequestSecurityTokenResponse.Status? {
        try RequestSecurityTokenResponse(element: try #require(response.bodyPayload)).status
    }

    @Test func aTokenTheSTSIssuedIsValid() async throws {
        let (token, _) = try await harness.issueForJdoe()
        let response = try await harness.send(try harness.request(.validate, target: token))
        #expect(response.bodyPayload?.localName == "RequestSecurityTokenResponse")
        #expect(try AddressingHeaders(reading: response)?.action == WSTrustVersion.v13.responseAction(.validate))
        let rstr = try RequestSecurityTokenResponse(element: try #require(response.bodyPayload))
        #expect(rstr.tokenType == statusType)
        #expect(rstr.status?.valid == true)
        #expect(rstr.requestedSecurityToken == nil)
    }

    @Test func aCancelledTokenIsInvalid() async throws {
        let (token, id) = try await harness.issueForJdoe()
        #expect(try await harness.store.transition(id: id, from: .issued, to: .cancelled))
        let status = try status(try await harness.send(try harness.request(.validate, target: token)))
        #expect(status?.valid == false)
        #expect(status?.reason == "the token was cancelled")
    }

    @Test func aTokenSignedByTheSTSButNotRecordedIsInvalid() async throws {
        let (token, _) = try await harness.issueForJdoe()
        let other = STSHarness(now: harness.now)
        let status = try status(try await other.send(try other.request(.validate, target: token)))
        #expect(status?.valid == false)
        #expect(status?.reason == "the token is not known to this STS")
    }

    @Test func expiredAndTamperedTokensAreInvalid() async throws {
        let (token, _) = try await harness.issueForJdoe()
        let later = harness.now.addingTimeInterval(3600)
        let expired = try status(try await harness.send(try harness.request(.validate, target: token, at: later), at: later))
        #expect(expired?.valid == false)
        let nameID = try #require(token.descendantsAndSelf.first { $0.localName == "NameID" })
        nameID.setText("mallory")
        let tampered = try status(try await harness.send(try harness.request(.validate, target: token)))
        #expect(tampered?.valid == false)
    }

    @Test func assertionsFromTrustedIssuersAreJudgedToo() async throws {
        let start = harness.now.addingTimeInterval(-60)
        let trusted = try TestTokens.assertion(audience: STSHarness.hello, notBefore: start, notOnOrAfter: start.addingTimeInterval(600))
        #expect(try status(try await harness.send(try harness.request(.validate, target: trusted)))?.valid == true)
        // Asked whether it is valid for another audience, it is not.
        let elsewhere = try status(try await harness.send(try harness.request(.validate, target: trusted, appliesTo: "https://elsewhere.example/")))
        #expect(elsewhere?.valid == false)
        let stranger = try TestTokens.assertion(signer: TestPKI.untrusted, notBefore: start, notOnOrAfter: start.addingTimeInterval(600))
        #expect(try status(try await harness.send(try harness.request(.validate, target: stranger)))?.valid == false)
    }

    @Test func aReferenceByIdentifierIsJudgedByTheStore() async throws {
        let (_, id) = try await harness.issueForJdoe()
        #expect(try status(try await harness.send(try harness.request(.validate, target: TestTokens.reference(to: id))))?.valid == true)
        _ = try await harness.store.transition(id: id, from: .issued, to: .cancelled)
        #expect(try status(try await harness.send(try harness.request(.validate, target: TestTokens.reference(to: id))))?.valid == false)
        #expect(try status(try await harness.send(try harness.request(.validate, target: TestTokens.reference(to: "_unknown"))))?.valid == false)
    }

    /// CXF's token transformation: a SAML 2.0 token from the IdP in, a SAML 1.1 token for the
    /// legacy relying party out, recorded like any issuance.
    @Test func anotherTokenTypeExchangesTheToken() async throws {
        var harness = harness
        harness.configuration.relyingParties.parties.append(RelyingParty(name: "legacy", addresses: [.prefix("https://legacy.example/")], tokenType: .saml11))
        let start = harness.now.addingTimeInterval(-60)
        let presented = try TestTokens.assertion(audience: "https://gateway.tessera.test", notBefore: start, notOnOrAfter: start.addingTimeInterval(600))
        let response = try await harness.send(try harness.request(.validate, target: presented, tokenType: .saml11, appliesTo: "https://legacy.example/orders"))
        let rstr = try RequestSecurityTokenResponse(element: try #require(response.bodyPayload))
        #expect(rstr.status?.valid == true)
        #expect(rstr.tokenType == .saml11)
        let issued = try #require(rstr.requestedSecurityToken)
        let validated = try await SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [TestPKI.ca])) {
            SAMLAudiencePolicy(audience: "https://legacy.example/orders")
        }.validate(serialized: issued.document.serialize(issued))
        #expect(validated.facts.version == .saml11)
        #expect(validated.facts.subjects.first?.name == "alice")
        #expect(try await harness.store.record(id: validated.facts.id)?.relyingParty == "legacy")
        guard case .validated(true, _, let token?) = harness.audit.last?.outcome else { Issue.record("no exchange audited"); return }
        #expect(token.id == validated.facts.id)
    }

    @Test func exchangingNeedsARequestorAllowedToDelegate() async throws {
        let harness = STSHarness(mayDelegate: false)
        let start = harness.now.addingTimeInterval(-60)
        let presented = try TestTokens.assertion(notBefore: start, notOnOrAfter: start.addingTimeInterval(600))
        let fault = try await harness.fault(try harness.request(.validate, target: presented, tokenType: .saml20, appliesTo: STSHarness.hello))
        #expect(fault.subcode == SOAPFault.trust("FailedAuthentication"))
    }

    @Test func aValidateWithoutTargetIsAnInvalidRequest() async throws {
        let request = try TestRequest(requestType: .validate, tokenType: nil).envelope(.signed(TestPKI.gateway), at: harness.now)
        let fault = try await harness.fault(request)
        #expect(fault.subcode == SOAPFault.trust("InvalidRequest"))
    }

    @Test func february2005ValidateIsAnsweredInKind() async throws {
        let (token, _) = try await harness.issueForJdoe()
        let response = try await harness.send(try harness.request(.validate, target: token, version: .v200502))
        let rstr = try RequestSecurityTokenResponse(element: try #require(response.bodyPayload))
        #expect(rstr.version == .v200502)
        #expect(rstr.tokenType?.rawValue == WSTrustVersion.v200502.statusTokenType)
        #expect(rstr.status?.valid == true)
        #expect(try AddressingHeaders(reading: response)?.action == "http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Validate")
    }
}
