/// Evaluates audience restrictions (SAML 2.0 core §2.5.1.4, SAML 1.1 core §2.3.2.1.2): every
/// restriction must name one of our audiences. Without this policy an assertion carrying an
/// audience restriction is refused as not understood.
public struct SAMLAudiencePolicy: SAMLAssertionPolicy {
    private let audiences: Set<String>
    private let requireRestriction: Bool

    /// - Parameters:
    ///   - audiences: the URIs we answer to (our endpoint address, our entity ID).
    ///   - requireRestriction: also refuse assertions without any audience restriction, which
    ///     any relying party would accept (WS-Trust tokens should be scoped by AppliesTo).
    public init(audiences: Set<String>, requireRestriction: Bool = false) {
        self.audiences = audiences
        self.requireRestriction = requireRestriction
    }

    /// One audience.
    public init(audience: String, requireRestriction: Bool = false) {
        self.init(audiences: [audience], requireRestriction: requireRestriction)
    }

    public var evaluatedConditions: Set<SAMLConditionKind> { [.audienceRestriction] }

    public func evaluate(_ assertion: SAMLAssertionFacts, context: SAMLValidationContext) async -> SAMLPolicyResult {
        if assertion.audienceRestrictions.isEmpty, requireRestriction {
            return .failsToMeetPolicy(SAMLError(.audienceMismatch, "the assertion is not restricted to an audience"))
        }
        for restriction in assertion.audienceRestrictions where !restriction.contains(where: audiences.contains) {
            return .failsToMeetPolicy(SAMLError(.audienceMismatch, "the assertion is not addressed to this audience"))
        }
        return .meetsPolicy
    }
}
