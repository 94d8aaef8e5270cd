/// The work the signatures of one message may cost their verifier: references digested and
/// bytes canonicalized for them, across all its signatures. A signature's key may be one the
/// sender made up (an HMAC key it encrypted for us), so the work is bounded before anyone is
/// authenticated (compare Santuario's secure validation limits, which bound each signature).
///
/// One budget serves one message, on one task.
public final class VerificationBudget {
    /// References still allowed.
    public private(set) var references: Int
    /// Canonicalized bytes still allowed.
    public private(set) var canonicalizedBytes: Int

    public init(references: Int, canonicalizedBytes: Int) {
        self.references = references
        self.canonicalizedBytes = canonicalizedBytes
    }

    func spend(references count: Int) throws {
        guard count <= references else {
            throw XMLSecurityError(.policyViolation, "the message's signatures carry too many references")
        }
        references -= count
    }

    func spend(canonicalizedBytes count: Int) throws {
        guard count <= canonicalizedBytes else {
            throw XMLSecurityError(.policyViolation, "the message's signatures cover too much content")
        }
        canonicalizedBytes -= count
    }
}
