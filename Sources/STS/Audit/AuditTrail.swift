import Foundation
import SOAP
import WSTrust

/// The audit facts of one request, filled in as the pipeline learns them, so a refusal at any
/// stage is reported with everything known at that point.
final class AuditTrail {
    var event: AuditEvent

    init(time: Date, context: STSRequestContext) {
        event = AuditEvent(time: time, outcome: .refused(fault: .init(nil, ""), reason: ""))
        event.remoteAddress = context.remoteAddress
    }

    func requestor(_ requestor: AuthenticatedRequestor) {
        event.requestor = requestor.id
        event.authentication = requestor.method
    }

    func request(_ rst: RequestSecurityToken) {
        event.requestType = rst.requestType
        event.appliesTo = rst.appliesTo?.address
        event.tokenType = rst.tokenType
    }

    /// The request as presented, for a refusal that came before it was read (the requestor
    /// was not authenticated): nothing when the Body holds no readable RST.
    func presented(_ request: SOAPEnvelope) {
        guard event.requestType == nil, let payload = request.bodyPayload,
            let rst = try? RequestSecurityToken(element: payload)
        else { return }
        self.request(rst)
    }

    func token(_ id: String, _ tokenType: TokenType, subject: String, lifetime: Lifetime) -> AuditEvent.Token {
        AuditEvent.Token(
            id: id, tokenType: tokenType, subject: subject, created: lifetime.created ?? event.time,
            expires: lifetime.expires ?? event.time)
    }
}
