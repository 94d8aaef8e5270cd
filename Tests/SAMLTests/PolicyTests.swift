import Foundation
import SAML
import SecurityCore
import Testing
import WSSecurity
import XMLCore

/// The composable policies: audience, issuer, confirmation method, one-time use, and the
/// rule that every condition must be understood by someone.
struct PolicyTests {
    @Test func wrongAudienceIsRefused() async throws {
        let document = try signedAndReceived(Samples.senderVouches())
        let validator = SAMLAssertionValidator(trustStore: Fixtures.trustStore, clock: .fixed(Fixtures.now)) {
            SAMLAudiencePolicy(audience: "http://testHost/OtherService")
        }
        await expectSAMLError(.audienceMismatch) { _ = try await validator.validate(document.root) }
    }

    /// Each AudienceRestriction must be met on its own (saml-core §2.5.1.4).
    @Test func everyAudienceRestrictionMustNameUs() async throws {
        var assertion = Samples.senderVouches()
        assertion.conditions?.audienceRestrictions.append(SAML2.AudienceRestriction(["urn:other", "urn:another"]))
        await expectSAMLError(.audienceMismatch) { _ = try await makeValidator().validate(try signedAndReceived(assertion).root) }
        assertion.conditions?.audienceRestrictions[1].audiences.append(Fixtures.audience)
        _ = try await makeValidator().validate(try signedAndReceived(assertion).root)
    }

    @Test func audienceRestrictionWithoutAnAudiencePolicyIsNotUnderstood() async throws {
        let document = try signedAndReceived(Samples.senderVouches())
        let validator = SAMLAssertionValidator(trustStore: Fixtures.trustStore, clock: .fixed(Fixtures.now))
        await expectSAMLError(.conditionNotUnderstood) { _ = try await validator.validate(document.root) }
    }

    @Test func requiredAudienceRestrictionRefusesUnrestrictedAssertions() async throws {
        var assertion = Samples.senderVouches()
        assertion.conditions?.audienceRestrictions = []
        let document = try signedAndReceived(assertion)
        let lenient = SAMLAssertionValidator(trustStore: Fixtures.trustStore, clock: .fixed(Fixtures.now)) {
            SAMLAudiencePolicy(audience: Fixtures.audience)
        }
        _ = try await lenient.validate(document.root)
        let strict = SAMLAssertionValidator(trustStore: Fixtures.trustStore, clock: .fixed(Fixtures.now)) {
            SAMLAudiencePolicy(audience: Fixtures.audience, requireRestriction: true)
        }
        await expectSAMLError(.audienceMismatch) { _ = try await strict.validate(document.root) }
    }

    @Test func unknownIssuerIsRefused() async throws {
        var assertion = Samples.senderVouches()
        assertion.issuer = SAML2.Issuer("https://evil.example/")
        await expectSAMLError(.issuerNotAllowed) { _ = try await makeValidator().validate(try signedAndReceived(assertion).root) }
    }

    @Test func confirmationMethodMustBeAllowed() async throws {
        let document = try signedAndReceived(Samples.bearer())
        await expectSAMLError(.confirmationNotAccepted) {
            _ = try await makeValidator(allowed: [.senderVouches, .holderOfKey]).validate(document.root)
        }
        _ = try await makeValidator(allowed: [.bearer]).validate(document.root)
    }

    @Test func confirmationRecipientMustMatchWhenRequired() async throws {
        let document = try signedAndReceived(Samples.bearer())
        for (recipient, accepted) in [(Fixtures.audience, true), ("https://elsewhere.example/", false)] {
            let validator = SAMLAssertionValidator(trustStore: Fixtures.trustStore, clock: .fixed(Fixtures.now)) {
                SAMLAudiencePolicy(audience: Fixtures.audience)
                SAMLSubjectConfirmationPolicy(allowed: [.bearer], recipient: recipient)
            }
            if accepted {
                _ = try await validator.validate(document.root)
            } else {
                await expectSAMLError(.confirmationNotAccepted) { _ = try await validator.validate(document.root) }
            }
        }
    }

    @Test func oneTimeUseIsAcceptedOnceAndOnlyWithAReplayCache() async throws {
        var assertion = Samples.senderVouches()
        assertion.conditions?.oneTimeUse = true
        let document = try signedAndReceived(assertion)
        await expectSAMLError(.conditionNotUnderstood) { _ = try await makeValidator().validate(document.root) }
        let cache = InMemoryReplayCache()
        let validator = SAMLAssertionValidator(trustStore: Fixtures.trustStore, clock: .fixed(Fixtures.now)) {
            SAMLAudiencePolicy(audience: Fixtures.audience)
            SAMLOneTimeUsePolicy(replayCache: cache)
        }
        _ = try await validator.validate(document.root)
        await expectSAMLError(.replayed) { _ = try await validator.validate(document.root) }
    }

    /// A Condition of an unknown xsi:type makes the assertion Indeterminate (saml-core §2.5.1).
    @Test func unknownConditionIsRefused() async throws {
        let unsigned = try Samples.senderVouches().makeDocument()
        let conditions = try #require(unsigned.root.firstChild("Conditions", SAMLNamespace.assertion20))
        let condition = conditions.addChild("Condition", SAMLNamespace.assertion20, prefix: "saml2")
        condition.declareNamespace(prefix: "ex", uri: "urn:example:conditions")
        condition.setAttribute("type", SAMLNamespace.xsi, prefix: "xsi", value: "ex:GeoFence")
        let model = try SAML2.Assertion(element: unsigned.root)
        #expect(model.conditions?.unknownConditions == [QName("urn:example:conditions", "GeoFence")])
        let document = try XMLDocument(parsing: try signByHand(unsigned, id: model.id).serialize())
        await expectSAMLError(.conditionNotUnderstood) { _ = try await makeValidator().validate(document.root) }
    }

    @Test func policiesComposeWithConditionalsAndLoops() async throws {
        let document = try signedAndReceived(Samples.senderVouches())
        let strict = true
        let issuers = [Fixtures.stsIssuer]
        let validator = SAMLAssertionValidator(trustStore: Fixtures.trustStore, clock: .fixed(Fixtures.now)) {
            for issuer in issuers {
                SAMLIssuerPolicy(allowed: [issuer])
            }
            if strict {
                SAMLAudiencePolicy(audience: Fixtures.audience, requireRestriction: true)
            } else {
                SAMLAudiencePolicy(audience: Fixtures.audience)
            }
            SAMLSubjectConfirmationPolicy(allowed: [.senderVouches])
        }
        #expect(validator.policies.count == 3)
        _ = try await validator.validate(document.root)
    }
}
