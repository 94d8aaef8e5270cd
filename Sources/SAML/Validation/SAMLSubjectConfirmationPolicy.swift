/// Requires every subject to be confirmable by an accepted method (SAML 2.0 core §2.4.1.1,
/// SAML 1.1 core §2.4.2.3): at least one of its confirmations must be of an allowed kind, within
/// its SubjectConfirmationData time bounds and, when ``recipient`` is set, addressed to it
/// (or to no one in particular).
///
/// Accepting a method is not confirming it: sender-vouches needs the presenter's own signature
/// over the message and the token, holder-of-key a proof with the confirmation key; the
/// WS-Security layer checks those with the facts this validation returns.
public struct SAMLSubjectConfirmationPolicy: SAMLAssertionPolicy {
    private let allowed: Set<SAMLConfirmationKind>
    private let recipient: String?

    /// Accepts confirmations of the `allowed` kinds; with `recipient`, a confirmation naming
    /// another Recipient is not usable.
    public init(allowed: Set<SAMLConfirmationKind>, recipient: String? = nil) {
        self.allowed = allowed
        self.recipient = recipient
    }

    public func evaluate(_ assertion: SAMLAssertionFacts, context: SAMLValidationContext) async -> SAMLPolicyResult {
        guard !assertion.subjects.isEmpty else {
            return .failsToMeetPolicy(SAMLError(.confirmationNotAccepted, "the assertion has no subject to confirm"))
        }
        for subject in assertion.subjects {
            let usable = subject.confirmations.contains { confirmation in
                guard let kind = confirmation.kind, allowed.contains(kind) else { return false }
                guard confirmation.isCurrent(at: context.now, skew: context.clockSkew) else { return false }
                if let recipient, let stated = confirmation.recipient, stated != recipient { return false }
                return true
            }
            guard usable else {
                return .failsToMeetPolicy(SAMLError(.confirmationNotAccepted, "no subject confirmation of the assertion is accepted"))
            }
        }
        return .meetsPolicy
    }
}
