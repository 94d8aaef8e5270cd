import Foundation
import SAML
import WSSecurity

/// A SAML assertion the STS issued for one identity and relying party, checked and ready to be
/// forwarded: its bytes exactly as the STS signed them, never re-serialized in between, and
/// the digests the gateway's signature over it needs, computed once for every message that
/// carries it.
struct IssuedAssertion: Sendable {
    let prepared: PreparedSAMLAssertion
    /// Its `ID` (SAML 2.0) or `AssertionID` (SAML 1.1).
    let id: String
    /// The subject's name, for the audit log.
    let subject: String?

    /// - Parameter bytes: the assertion as a document of its own, every namespace it uses declared.
    /// - Throws: ``GatewayError`` `tokenUnavailable` when `bytes` is not a SAML assertion.
    init(bytes: [UInt8], id: String, subject: String?) throws(GatewayError) {
        do {
            prepared = try PreparedSAMLAssertion(bytes: bytes)
        } catch {
            throw GatewayError(.tokenUnavailable, "the issued token is not a SAML assertion the gateway can forward: \(WSSecurityError(error).reason)")
        }
        self.id = id
        self.subject = subject
    }

    /// The assertion as a document of its own.
    var bytes: [UInt8] { prepared.bytes }
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
