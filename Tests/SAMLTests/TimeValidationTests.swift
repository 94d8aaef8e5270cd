import Foundation
import SAML
import Testing
import WSSecurity

/// Conditions NotBefore/NotOnOrAfter, IssueInstant and SubjectConfirmationData bounds, judged
/// at the injected clock's time with the configured skew.
struct TimeValidationTests {
    let skew: TimeInterval = 300

    @Test func expiredAfterNotOnOrAfterPlusSkew() async throws {
        let document = try signedAndReceived(Samples.senderVouches())
        let notOnOrAfter = Fixtures.now.addingTimeInterval(Samples.lifetime)
        // Within the skew after NotOnOrAfter: still accepted.
        _ = try await makeValidator(now: notOnOrAfter.addingTimeInterval(skew - 1), skew: skew).validate(document.root)
        await expectSAMLError(.expired) {
            _ = try await makeValidator(now: notOnOrAfter.addingTimeInterval(skew), skew: skew).validate(document.root)
        }
        await expectSAMLError(.expired) {
            _ = try await makeValidator(now: notOnOrAfter.addingTimeInterval(3600), skew: skew).validate(document.root)
        }
    }

    @Test func notYetValidBeforeNotBeforeMinusSkew() async throws {
        var assertion = Samples.senderVouches()
        assertion.conditions?.notBefore = Fixtures.now.addingTimeInterval(120)
        let document = try signedAndReceived(assertion)
        await expectSAMLError(.notYetValid) {
            _ = try await makeValidator(now: Fixtures.now, skew: 60).validate(document.root)
        }
        _ = try await makeValidator(now: Fixtures.now, skew: 120).validate(document.root)
    }

    @Test func issueInstantInTheFutureIsRefused() async throws {
        let document = try signedAndReceived(Samples.senderVouches(Fixtures.now.addingTimeInterval(600)))
        await expectSAMLError(.notYetValid) { _ = try await makeValidator(now: Fixtures.now).validate(document.root) }
    }

    /// A bearer confirmation expires with its SubjectConfirmationData, even while the
    /// Conditions still hold.
    @Test func expiredSubjectConfirmationDataIsRefused() async throws {
        var assertion = Samples.bearer()
        assertion.conditions?.notOnOrAfter = Fixtures.now.addingTimeInterval(3600)
        assertion.subject?.confirmations[0].data?.notOnOrAfter = Fixtures.now.addingTimeInterval(60)
        let document = try signedAndReceived(assertion)
        _ = try await makeValidator(now: Fixtures.now.addingTimeInterval(30), skew: 0).validate(document.root)
        await expectSAMLError(.expired) {
            _ = try await makeValidator(now: Fixtures.now.addingTimeInterval(120), skew: 0).validate(document.root)
        }
    }

    @Test func notBeforeAtOrAfterNotOnOrAfterIsMalformed() async throws {
        var assertion = Samples.senderVouches()
        let notOnOrAfter = assertion.conditions?.notOnOrAfter
        assertion.conditions?.notBefore = notOnOrAfter
        let document = try signedAndReceived(assertion)
        await expectSAMLError(.malformed) { _ = try await makeValidator().validate(document.root) }
    }
}
