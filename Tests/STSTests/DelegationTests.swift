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

/// OnBehalfOf (WS-Trust 1.3 §9.1) and ActAs (WS-Trust 1.4): only from requestors allowed to
/// delegate, the delegated token validated by its type, the issued subject mapped, and ActAs
/// recording the delegation chain.
struct DelegationTests {
    let harness = STSHarness()
    let tls = STSRequestContext(transportIsSecure: true)

    func send(
        via other: STSHarness? = nil, onBehalfOf: XMLElement? = nil, actAs: XMLElement? = nil,
        context: STSRequestContext = STSRequestContext()
    ) async throws -> SOAPEnvelope {
        let harness = other ?? self.harness
        var request = TestRequest()
        request.onBehalfOf = onBehalfOf
        request.actAs = actAs
        return try await harness.send(try request.envelope(.signed(TestPKI.gateway), at: harness.now), context: context)
    }

    func fault(
        via other: STSHarness? = nil, onBehalfOf: XMLElement? = nil, actAs: XMLElement? = nil,
        context: STSRequestContext = STSRequestContext()
    ) async throws -> SOAPFault {
        try SOAPFault(envelope: try await send(via: other, onBehalfOf: onBehalfOf, actAs: actAs, context: context))
    }

    func idpAssertion(signer: X509Credential = TestPKI.idp, expired: Bool = false, delegates: [String] = []) throws -> XMLElement {
        let start = harness.now.addingTimeInterval(expired ? -7200 : -60)
        return try TestTokens.assertion(
            signer: signer, audience: "https://gateway.tessera.test", notBefore: start,
            notOnOrAfter: start.addingTimeInterval(expired ? 3600 : 660),
            attributes: [SAML2.Attribute(name: "role", values: ["auditor"])], delegates: delegates)
    }

    @Test func identityAssertionIsMappedFromTheRequestorsRealm() async throws {
        var harness = harness
        harness.configuration.identityMapping = IdentityMapping(rules: [
            .init(realm: "idp", names: [.exact("jdoe", to: "wrong-realm")]),
            .init(
                realm: "consumers", names: [.exact("jdoe", to: "jdoe@partner.example")],
                addedAttributes: [IdentityAttribute(name: "via", values: ["gateway"])]),
        ])
        let response = try await send(via: harness, onBehalfOf: TestTokens.username("jdoe"))
        let validated = try await STSHarness.issuedAssertion(response)
        #expect(validated.facts.subjects.first?.name == "jdoe@partner.example")
        guard case .saml20(let assertion) = validated.assertion else { Issue.record("not SAML 2.0"); return }
        #expect(assertion.attributeStatements.first?.attributes.map(\.name) == ["via"])
        #expect(harness.audit.last?.delegatedIdentity == "jdoe")
        #expect(harness.audit.last?.delegation == .onBehalfOf)
    }

    @Test func usernameTokenWithPasswordIsVerifiedAgainstTheDirectory() async throws {
        let good = TestTokens.username("alice", password: .text(TestUsers.alicePassword))
        let response = try await send(onBehalfOf: good, context: tls)
        #expect(try await STSHarness.issuedAssertion(response).facts.subjects.first?.name == "alice")

        let bad = try await fault(onBehalfOf: TestTokens.username("alice", password: .text("guess")), context: tls)
        #expect(bad.subcode == SOAPFault.trust("FailedAuthentication"))
        let clear = try await fault(onBehalfOf: good)
        #expect(clear.subcode == SOAPFault.trust("InvalidRequest"))
        #expect(clear.reason == "a PasswordText is accepted only over TLS")
    }

    @Test func onBehalfOfNonceIsReplayChecked() async throws {
        let token = TestTokens.username("jdoe", nonce: true, created: harness.now)
        let first = try await send(onBehalfOf: token)
        #expect(first.bodyPayload?.localName == "RequestSecurityTokenResponseCollection")
        let second = try await fault(onBehalfOf: token)
        #expect(second.subcode == SOAPFault.trust("InvalidSecurityToken"))
    }

    @Test func samlAssertionFromATrustedIssuerCarriesItsSubjectAndAttributes() async throws {
        var harness = harness
        harness.configuration.identityMapping = IdentityMapping(rules: [
            .init(realm: "idp", names: [.exact("alice", to: "alice@idp")], attributeNames: ["role": "urn:role"])
        ])
        let response = try await send(via: harness, onBehalfOf: try idpAssertion())
        let validated = try await STSHarness.issuedAssertion(response)
        #expect(validated.facts.subjects.first?.name == "alice@idp")
        guard case .saml20(let assertion) = validated.assertion else { Issue.record("not SAML 2.0"); return }
        #expect(assertion.attributeStatements.first?.attributes.first?.name == "urn:role")
        #expect(assertion.attributeStatements.first?.attributes.first?.values == ["auditor"])
        #expect(assertion.authnStatements.first?.authnContext.classRef == .password)
    }

    @Test func untrustedOrExpiredSAMLAssertionsAreRefused() async throws {
        let untrusted = try await fault(onBehalfOf: try idpAssertion(signer: TestPKI.untrusted))
        #expect(untrusted.subcode == SOAPFault.trust("InvalidSecurityToken"))
        let expired = try await fault(onBehalfOf: try idpAssertion(expired: true))
        #expect(expired.subcode == SOAPFault.trust("ExpiredData"))
    }

    /// A certificate in OnBehalfOf carries no proof of possession: it is accepted only from the
    /// delegation trust store (none by default, whatever the requestors' trust anchors), and the
    /// identity stays in the delegating requestor's realm.
    @Test func certificateMustChainToADelegationAnchor() async throws {
        let byDefault = try await fault(onBehalfOf: try TestTokens.certificate(TestPKI.chained.certificate))
        #expect(byDefault.subcode == SOAPFault.trust("InvalidSecurityToken"))
        #expect(byDefault.reason == "certificates are not accepted in OnBehalfOf or ActAs")

        var harness = harness
        harness.configuration.delegationTrustStore = X509TrustStore(anchors: [TestPKI.ca], known: [TestPKI.intermediate])
        harness.configuration.identityMapping = IdentityMapping(rules: [
            .init(realm: "consumers", addedAttributes: [IdentityAttribute(name: "via", values: ["gateway"])])
        ])
        let response = try await send(via: harness, onBehalfOf: try TestTokens.certificate(TestPKI.chained.certificate))
        let validated = try await STSHarness.issuedAssertion(response)
        #expect(validated.facts.subjects.first?.name == TestPKI.chained.certificate.subject.description)
        guard case .saml20(let assertion) = validated.assertion else { Issue.record("not SAML 2.0"); return }
        #expect(assertion.attributeStatements.first?.attributes.map(\.name) == ["via"])
        let untrusted = try await fault(via: harness, onBehalfOf: try TestTokens.certificate(TestPKI.untrusted.certificate))
        #expect(untrusted.subcode == SOAPFault.trust("InvalidSecurityToken"))
    }

    /// An assertion another issuer made for some other service must not buy a token here: it
    /// must be restricted to the STS or a configured delegation audience.
    @Test func delegatedAssertionForAnotherAudienceIsRefused() async throws {
        let start = harness.now.addingTimeInterval(-60)
        let elsewhere = try TestTokens.assertion(
            signer: TestPKI.idp, audience: "https://payroll.example", notBefore: start,
            notOnOrAfter: start.addingTimeInterval(660), attributes: [], delegates: [])
        let fault = try await fault(onBehalfOf: elsewhere)
        #expect(fault.subcode == SOAPFault.trust("InvalidSecurityToken"))
        #expect(fault.reason == "the assertion is not addressed to this audience")
    }

    @Test func actAsRecordsTheRequestorAsDelegate() async throws {
        let response = try await send(actAs: TestTokens.username("jdoe"))
        let validated = try await STSHarness.issuedAssertion(response)
        guard case .saml20(let assertion) = validated.assertion else { Issue.record("not SAML 2.0"); return }
        #expect(assertion.subject?.nameID?.value == "jdoe")
        #expect(assertion.conditions?.delegationRestriction?.delegates.map(\.nameID.value) == ["gateway"])
        #expect(harness.audit.last?.delegation == .actAs)
    }

    @Test func actAsExtendsTheDelegationChainOfTheActAsToken() async throws {
        let response = try await send(actAs: try idpAssertion(delegates: ["frontend"]))
        guard case .saml20(let assertion) = try await STSHarness.issuedAssertion(response).assertion else { Issue.record("not SAML 2.0"); return }
        #expect(assertion.conditions?.delegationRestriction?.delegates.map(\.nameID.value) == ["frontend", "gateway"])
    }

    @Test func requestorNotAllowedToDelegateIsRefused() async throws {
        let harness = STSHarness(mayDelegate: false)
        for (onBehalfOf, actAs) in [(TestTokens.username("jdoe"), nil), (nil, TestTokens.username("jdoe"))] {
            let fault = try await fault(via: harness, onBehalfOf: onBehalfOf, actAs: actAs)
            #expect(fault.subcode == SOAPFault.trust("FailedAuthentication"))
        }
    }

    @Test func onBehalfOfWithActAsOrAnUnknownTokenIsAnInvalidRequest() async throws {
        let both = try await fault(onBehalfOf: TestTokens.username("jdoe"), actAs: TestTokens.username("jane"))
        #expect(both.subcode == SOAPFault.trust("InvalidRequest"))
        let stranger = XMLDocument(rootLocalName: "Ticket", namespace: "urn:example:kerberos").root
        let unknown = try await fault(onBehalfOf: stranger)
        #expect(unknown.subcode == SOAPFault.trust("InvalidRequest"))
    }
}
