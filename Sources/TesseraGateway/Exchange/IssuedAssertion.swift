import Foundation
import SAML

/// A SAML assertion the STS issued for one identity and relying party, checked and ready to be
/// forwarded: its bytes exactly as the STS signed them, never re-serialized in between.
struct IssuedAssertion: Sendable {
    /// The assertion as a document of its own, every namespace it uses declared.
    let bytes: [UInt8]
    /// Its `ID` (SAML 2.0) or `AssertionID` (SAML 1.1).
    let id: String
    /// The subject's name, for the audit log.
    let subject: String?
}

/// Evaluates nothing and accepts every assertion, so the validator lets a OneTimeUse condition
/// through: the gateway forwards the assertion without using it up (SAML 2.0 Core §2.5.1.5
/// binds the relying party, not an attesting entity), and never caches one that carries it.
struct OneTimeUseObserved: SAMLAssertionPolicy {
    var evaluatedConditions: Set<SAMLConditionKind> { [.oneTimeUse] }

    func evaluate(_ assertion: SAMLAssertionFacts, context: SAMLValidationContext) async -> SAMLPolicyResult {
        .meetsPolicy
    }
}
