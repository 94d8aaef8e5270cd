import Foundation
import SAML
import WSTrust

/// Re-issues a SAML assertion the STS issued with a new lifetime (WS-Trust 1.3 §8): the same
/// subject, confirmation, audiences, statements and delegation chain, under a new ID and
/// IssueInstant, with Conditions NotBefore/NotOnOrAfter and every SubjectConfirmationData
/// NotOnOrAfter moved to the new lifetime, signed afresh.
struct SAMLTokenRenewal {
    let signer: SAMLAssertionSigner

    func reissue(_ assertion: SAMLAssertion, lifetime: Lifetime, now: Date) throws -> IssuedToken {
        do {
            switch assertion {
            case .saml20(var model):
                model.id = SAMLIdentifier.generate()
                model.issueInstant = now
                var conditions = model.conditions ?? SAML2.Conditions()
                conditions.notBefore = lifetime.created
                conditions.notOnOrAfter = lifetime.expires
                model.conditions = conditions
                if var subject = model.subject {
                    for index in subject.confirmations.indices where subject.confirmations[index].data?.notOnOrAfter != nil {
                        subject.confirmations[index].data?.notOnOrAfter = lifetime.expires
                    }
                    model.subject = subject
                }
                let document = try signer.signedDocument(model)
                return IssuedToken(element: document.root, id: model.id, tokenType: .saml20, lifetime: lifetime)
            case .saml11(var model):
                model.id = SAMLIdentifier.generate()
                model.issueInstant = now
                var conditions = model.conditions ?? SAML1.Conditions()
                conditions.notBefore = lifetime.created
                conditions.notOnOrAfter = lifetime.expires
                model.conditions = conditions
                let document = try signer.signedDocument(model)
                return IssuedToken(element: document.root, id: model.id, tokenType: .saml11, lifetime: lifetime)
            }
        } catch {
            throw WSTrustError(.requestFailed, "the renewed token could not be issued")
        }
    }
}
