import Foundation
import SAML
import SecurityCore
import SOAP
import Testing
import WSSecurity
import WSTrust
import X509
import XMLCore
@testable import STS

/// A SAML assertion from a trusted issuer in the security header: holder-of-key proven by a
/// signature with the confirmed key, or bearer from a trusted party (over TLS, or presented by
/// a trusted requestor).
struct SAMLAuthenticationTests {
    let harness = STSHarness()
    let tls = STSRequestContext(transportIsSecure: true)
    var validity: (Date, Date) { (harness.now.addingTimeInterval(-60), harness.now.addingTimeInterval(600)) }

    func bearer(
        issuer: String = STSHarness.idpName, signer: X509Credential = TestPKI.idp, audience: String? = STSHarness.issuerName,
        notBefore: Date? = nil, notOnOrAfter: Date? = nil
    ) throws -> XMLElement {
        try TestTokens.assertion(
            issuer: issuer, signer: signer, audience: audience,
            notBefore: notBefore ?? validity.0, notOnOrAfter: notOnOrAfter ?? validity.1)
    }

    func holderOfKey(key: Certificate = TestPKI.chained.certificate) throws -> XMLElement {
        try TestTokens.assertion(
            confirmation: .holderOfKey, key: key, audience: STSHarness.issuerName,
            notBefore: validity.0, notOnOrAfter: validity.1)
    }

    func request(_ assertion: XMLElement, signer: X509Credential? = nil, holderOfKey: Bool = false) throws -> SOAPEnvelope {
        try TestRequest().envelope(.saml(assertion, signer: signer, holderOfKey: holderOfKey), at: harness.now)
    }

    @Test func bearerAssertionOverTLSAuthenticatesItsSubject() async throws {
        let response = try await harness.send(try request(try bearer()), context: tls)
        #expect(try await STSHarness.issuedAssertion(response).facts.subjects.first?.name == "alice")
        let event = try #require(harness.audit.last)
        #expect(event.requestor == "saml:alice@\(STSHarness.idpName)")
        #expect(event.authentication == .samlBearer)
    }

    @Test func bearerAssertionPresentedByTheTrustedRequestorIsForItsSubject() async throws {
        let response = try await harness.send(try request(try bearer(), signer: TestPKI.gateway))
        #expect(try await STSHarness.issuedAssertion(response).facts.subjects.first?.name == "alice")
        #expect(harness.audit.last?.requestor == "x509:gateway")
    }

    @Test func bearerAssertionWithoutTLSOrTrustedRequestorIsRefused() async throws {
        let fault = try await harness.fault(try request(try bearer()))
        #expect(fault.subcode == WSSFaultCode.failedAuthentication.name)
    }

    @Test func holderOfKeyIsProvenByASignatureWithTheConfirmedKey() async throws {
        // The confirmed certificate needs no chain: the trusted issuer vouches for it.
        let response = try await harness.send(try request(try holderOfKey(), signer: TestPKI.chained, holderOfKey: true))
        #expect(try await STSHarness.issuedAssertion(response).facts.subjects.first?.name == "alice")
        #expect(harness.audit.last?.authentication == .samlHolderOfKey)
    }

    @Test func holderOfKeySignedWithAnotherKeyFails() async throws {
        let fault = try await harness.fault(try request(try holderOfKey(), signer: TestPKI.gateway, holderOfKey: true))
        #expect(fault.subcode == WSSFaultCode.failedCheck.name)
    }

    @Test func holderOfKeyWithoutProofIsRefusedEvenOverTLS() async throws {
        let fault = try await harness.fault(try request(try holderOfKey()), context: tls)
        #expect(fault.subcode == WSSFaultCode.failedAuthentication.name)
    }

    static let refusals: [(String, QName)] = [
        ("signed by an untrusted key", WSSFaultCode.invalidSecurityToken.name),
        ("from an issuer that is not configured", WSSFaultCode.invalidSecurityToken.name),
        ("expired", WSSFaultCode.invalidSecurityToken.name),
        ("addressed to another audience", WSSFaultCode.invalidSecurityToken.name),
        ("restricted to no audience", WSSFaultCode.invalidSecurityToken.name),
    ]

    @Test(arguments: refusals.indices)
    func untrustedAssertionsAreRefused(_ index: Int) async throws {
        let (why, code) = Self.refusals[index]
        let assertion =
            switch why {
            case "signed by an untrusted key": try bearer(signer: TestPKI.untrusted)
            case "from an issuer that is not configured": try bearer(issuer: "https://elsewhere.example")
            case "expired": try bearer(notBefore: harness.now.addingTimeInterval(-7200), notOnOrAfter: harness.now.addingTimeInterval(-3600))
            case "addressed to another audience": try bearer(audience: "https://other-sts.example")
            default: try bearer(audience: nil)
            }
        let fault = try await harness.fault(try request(assertion), context: tls)
        #expect(fault.subcode == code, "\(why): \(fault)")
        #expect(!fault.reason.isEmpty)
    }

    /// A token the STS issued and then cancelled no longer authenticates anyone.
    @Test func aCancelledTokenOfTheSTSNoLongerAuthenticates() async throws {
        var issue = TestRequest(appliesTo: nil)
        issue.onBehalfOf = TestTokens.username("jdoe")
        // A bearer token addressed to the STS itself, requested by the gateway for jdoe.
        var harness = harness
        harness.configuration.relyingParties.parties.append(
            RelyingParty(name: "sts", addresses: [.exact(STSHarness.issuerName)], keyType: .bearer, confirmation: .bearer))
        issue.appliesTo = STSHarness.issuerName
        let issued = try #require(
            try STSHarness.rstr(try await harness.send(try issue.envelope(.signed(TestPKI.gateway), at: harness.now))).requestedSecurityToken)
        let token = XMLDocument(rootLocalName: "Holder", namespace: nil).root.addCopy(of: issued)
        let ok = try await harness.send(try request(token), context: tls)
        #expect(try await STSHarness.issuedAssertion(ok).facts.subjects.first?.name == "jdoe")

        var cancel = TestRequest(requestType: .cancel, appliesTo: nil, tokenType: nil)
        cancel.target = token
        _ = try await harness.send(try cancel.envelope(.signed(TestPKI.gateway), at: harness.now))
        let fault = try await harness.fault(try request(token), context: tls)
        #expect(fault.subcode == WSSFaultCode.invalidSecurityToken.name)
        #expect(fault.reason == "the SAML assertion was cancelled")
    }
}
