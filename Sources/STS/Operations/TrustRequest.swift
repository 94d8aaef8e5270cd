import Foundation
import WSTrust

/// One authenticated request on its way through the pipeline: the RST, who sent it, what its
/// security header proved, and the audit facts gathered so far.
struct TrustRequest {
    let rst: RequestSecurityToken
    let requestor: AuthenticatedRequestor
    let input: AuthenticationInput
    let audit: AuditTrail

    var now: Date { input.now }
    var version: WSTrustVersion { rst.version }
}
