public import Foundation
public import SecurityCore

/// Evaluates `<OneTimeUse>` (SAML 2.0 core §2.5.1.5): an assertion carrying it is accepted once.
/// The issuer and ID are remembered in the replay cache until the assertion expires (or for
/// ``retention`` when it has no NotOnOrAfter). Without this policy a OneTimeUse assertion is
/// refused as not understood.
public struct SAMLOneTimeUsePolicy: SAMLAssertionPolicy {
    private let replayCache: any ReplayCache
    private let retention: TimeInterval

    /// Remembers used assertions in `replayCache` (shared by every instance that accepts them).
    public init(replayCache: any ReplayCache, retention: TimeInterval = 3600) {
        self.replayCache = replayCache
        self.retention = retention
    }

    public var evaluatedConditions: Set<SAMLConditionKind> { [.oneTimeUse] }

    public func evaluate(_ assertion: SAMLAssertionFacts, context: SAMLValidationContext) async -> SAMLPolicyResult {
        guard assertion.conditions.contains(.oneTimeUse) else { return .meetsPolicy }
        let expiry = (assertion.notOnOrAfter ?? context.now.addingTimeInterval(retention)).addingTimeInterval(context.clockSkew)
        let key = Array("SAML-OTU\u{0}\(assertion.issuer)\u{0}\(assertion.id)".utf8)
        do {
            guard try await replayCache.insertIfAbsent(key, expiry: expiry, now: context.now) else {
                return .failsToMeetPolicy(SAMLError(.replayed, "the one-time-use assertion was already used"))
            }
            return .meetsPolicy
        } catch {
            return .failsToMeetPolicy(SAMLError(.replayed, "the one-time-use record could not be checked"))
        }
    }
}
