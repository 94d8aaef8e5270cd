public import Foundation
import SecurityCore

/// One rule an assertion must meet to be accepted, judged on its ``SAMLAssertionFacts`` once
/// the signature is verified and trusted. Policies are values, combined with
/// ``SAMLPolicyBuilder`` (compare swift-certificates' `VerifierPolicy`).
public protocol SAMLAssertionPolicy: Sendable {
    /// The condition kinds this policy evaluates, so the validator knows they are understood.
    var evaluatedConditions: Set<SAMLConditionKind> { get }

    /// Judges `assertion` at `context.now`.
    func evaluate(_ assertion: SAMLAssertionFacts, context: SAMLValidationContext) async -> SAMLPolicyResult
}

extension SAMLAssertionPolicy {
    public var evaluatedConditions: Set<SAMLConditionKind> { [] }
}

/// What a policy sees besides the assertion: the time of this validation and the clock skew.
public struct SAMLValidationContext: Sendable {
    /// "Now", read once per validation from the validator's ``TimeSource``.
    public let now: Date
    /// Tolerated difference between the issuer's clock and ours.
    public let clockSkew: TimeInterval
}

/// A policy's verdict.
public enum SAMLPolicyResult: Sendable {
    case meetsPolicy
    /// The assertion fails the policy; the error's reason is safe to send.
    case failsToMeetPolicy(SAMLError)
}

/// Combines policies written one per line, with `if`, `if/else` and `for`.
///
/// ```swift
/// SAMLAssertionValidator(trustStore: store) {
///     SAMLIssuerPolicy(allowed: ["https://sts.example/"])
///     SAMLAudiencePolicy(audience: "http://testHost/HelloService")
///     SAMLSubjectConfirmationPolicy(allowed: [.senderVouches, .holderOfKey])
/// }
/// ```
@resultBuilder
public enum SAMLPolicyBuilder {
    public static func buildExpression(_ policy: any SAMLAssertionPolicy) -> [any SAMLAssertionPolicy] { [policy] }
    public static func buildBlock(_ components: [any SAMLAssertionPolicy]...) -> [any SAMLAssertionPolicy] { components.flatMap { $0 } }
    public static func buildOptional(_ component: [any SAMLAssertionPolicy]?) -> [any SAMLAssertionPolicy] { component ?? [] }
    public static func buildEither(first component: [any SAMLAssertionPolicy]) -> [any SAMLAssertionPolicy] { component }
    public static func buildEither(second component: [any SAMLAssertionPolicy]) -> [any SAMLAssertionPolicy] { component }
    public static func buildArray(_ components: [[any SAMLAssertionPolicy]]) -> [any SAMLAssertionPolicy] { components.flatMap { $0 } }
}
