import Foundation
import SAML
import SecurityCore
import SOAP
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore
@testable import STS

/// The token-transformation scenario: an assertion for jdoe, NameQualifier "STS", sender-vouches,
/// for http://testHost/HelloService, returned as Listing 3 shapes it and checked by the SAML
/// validator as a relying party would.
struct SAMLTokenIssuerTests {
    let now = Date()
    let hello = RelyingParty(name: "hello", addresses: [.exact("http://testHost/HelloService")])

    func issue(_ party: RelyingParty, version: WSTrustVersion = .v13) throws -> (SOAPEnvelope, IssuedToken) {
        var rst = RequestSecurityToken(version: version, requestType: .issue)
        rst.appliesTo = AppliesTo(address: "http://testHost/HelloService")
        let decision = try IssuanceDecision(request: rst, registry: RelyingPartyRegistry(parties: [party]))
        let lifetime = try LifetimePolicy().lifetime(requested: nil, partyLifetime: 360, now: now)
        let issuer = SAMLTokenIssuer(issuerName: "https://sts.tessera.test", credential: TestPKI.sts)
        let subject = IssuedSubject(name: "jdoe", nameQualifier: "STS", authenticationInstant: now, attributes: [("role", ["reader"])])
        let token = try issuer.issue(for: subject, decision: decision, lifetime: lifetime, now: now)
        let envelope = SOAPEnvelope(version: .v12)
        RequestSecurityTokenResponseCollection(responses: [issuer.response(for: token, decision: decision, version: version, context: nil)])
            .write(into: envelope.body, version: version)
        return (try SOAPEnvelope(parsing: envelope.serialize()), token)
    }

    @Test func listing3ShapedResponseCarriesAValidSenderVouchesAssertion() async throws {
        let (envelope, token) = try issue(hello)
        let collection = try RequestSecurityTokenResponseCollection(element: try #require(envelope.bodyPayload))
        let rstr = try #require(collection.responses.first)
        #expect(rstr.tokenType == .saml20)
        #expect(rstr.appliesTo?.address == "http://testHost/HelloService")
        let lifetime = try #require(rstr.lifetime)
        #expect(abs((lifetime.expires ?? now).timeIntervalSince(lifetime.created ?? now) - 360) < 0.001)
        let reference = try SecurityTokenReference(element: try #require(rstr.requestedAttachedReference))
        guard case .keyIdentifier(let valueType, _, let text) = reference.form else { Issue.record("not a KeyIdentifier"); return }
        #expect(valueType == WSSURI.samlV20ID)
        #expect(text == token.id)

        let assertion = try #require(rstr.requestedSecurityToken)
        #expect(assertion.attribute("ID") == token.id)
        let validator = SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [TestPKI.ca])) {
            SAMLAudiencePolicy(audience: "http://testHost/HelloService", requireRestriction: true)
            SAMLSubjectConfirmationPolicy(allowed: [.senderVouches])
        }
        // The assertion's bytes travel verbatim: validate them on their own, as a provider would.
        let validated = try await validator.validate(serialized: assertion.document.serialize(assertion))
        #expect(validated.facts.subjects.first?.name == "jdoe")
        #expect(validated.facts.issuer == "https://sts.tessera.test")
        #expect(validated.signer == TestPKI.sts.certificate)
    }

    @Test func tamperedSubjectFailsValidation() async throws {
        let (_, token) = try issue(hello)
        let text = String(decoding: token.element.document.serialize(token.element), as: UTF8.self)
            .replacingOccurrences(of: ">jdoe<", with: ">mallory<")
        let validator = SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [TestPKI.ca]))
        await #expect(throws: (any Error).self) { _ = try await validator.validate(serialized: Array(text.utf8)) }
    }

    @Test func saml11PartyGetsASAML11Assertion() async throws {
        var legacy = hello
        legacy.tokenType = .saml11
        let (envelope, token) = try issue(legacy, version: .v200502)
        let payload = try #require(envelope.bodyPayload)
        let rstr = try #require(try RequestSecurityTokenResponseCollection(element: payload).responses.first)
        #expect(rstr.version == .v200502)
        #expect(rstr.tokenType == .saml11)
        #expect(rstr.requestedSecurityToken?.attribute("AssertionID") == token.id)
        let validator = SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [TestPKI.ca])) {
            SAMLAudiencePolicy(audience: "http://testHost/HelloService")
        }
        let validated = try await validator.validate(serialized: token.element.document.serialize(token.element))
        #expect(validated.facts.version == .saml11)
    }
}
