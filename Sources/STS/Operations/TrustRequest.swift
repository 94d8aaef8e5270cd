import Foundation
import WSTrust

/// One authenticated request on its way through the pipeline: the RST, who sent it, what its
/// security header proved, the audit facts gathered so far, and the replay-cache entries still
/// to record.
struct TrustRequest {
    let rst: RequestSecurityToken
    let requestor: AuthenticatedRequestor
    let input: AuthenticationInput
    let audit: AuditTrail
    /// The request's replay-cache entries not yet recorded.
    let replay: RequestReplayEntries

    var now: Date { input.now }
    var version: WSTrustVersion { rst.version }
}
