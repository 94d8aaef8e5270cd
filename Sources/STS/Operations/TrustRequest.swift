import Foundation
import WSTrust

/// One authenticated request on its way through the pipeline: the RST, who sent it, what its
/// security header proved, the audit facts gathered so far, and the replay-cache entries still
/// to record. Handed on by reference through the operations.
final class TrustRequest {
    let rst: RequestSecurityToken
    let requestor: AuthenticatedRequestor
    let input: AuthenticationInput
    let audit: AuditTrail
    /// The request's replay-cache entries not yet recorded.
    let replay: RequestReplayEntries

    init(rst: RequestSecurityToken, requestor: AuthenticatedRequestor, input: AuthenticationInput, audit: AuditTrail, replay: RequestReplayEntries) {
        self.rst = rst
        self.requestor = requestor
        self.input = input
        self.audit = audit
        self.replay = replay
    }

    var now: Date { input.now }
    var version: WSTrustVersion { rst.version }
}
