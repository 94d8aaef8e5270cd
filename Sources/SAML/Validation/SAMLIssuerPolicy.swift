public import X509

/// Accepts assertions from known issuers only. With ``init(signers:)`` each issuer is also
/// bound to the certificates allowed to sign for it, so a certificate the trust store accepts
/// for one issuer cannot speak for another.
public struct SAMLIssuerPolicy: SAMLAssertionPolicy {
    private let allowed: Set<String>
    private let signers: [String: Set<Certificate>]?

    /// Accepts these issuer names (compared exactly), whatever trusted certificate signed.
    public init(allowed: Set<String>) {
        self.allowed = allowed
        signers = nil
    }

    /// Accepts each issuer only when signed by one of its certificates.
    public init(signers: [String: [Certificate]]) {
        allowed = Set(signers.keys)
        self.signers = signers.mapValues(Set.init)
    }

    public func evaluate(_ assertion: SAMLAssertionFacts, context: SAMLValidationContext) async -> SAMLPolicyResult {
        guard allowed.contains(assertion.issuer) else {
            return .failsToMeetPolicy(SAMLError(.issuerNotAllowed, "the assertion's issuer is not accepted"))
        }
        if let signers, !(signers[assertion.issuer]?.contains(assertion.signer) ?? false) {
            return .failsToMeetPolicy(SAMLError(.issuerNotAllowed, "the assertion is not signed by a certificate of its issuer"))
        }
        return .meetsPolicy
    }
}
