public import Foundation
public import XMLCore

/// One lifecycle request a ``SecureConversationService`` answered, for the audit log: a context
/// established (WS-SC 1.3 §3), amended (§4), renewed (§5) or cancelled (§6), or the fault such a
/// request was refused with. Delivered to ``SecureConversationServiceConfiguration/audit``; the
/// library itself never logs. Holds the context's identifier and instance, never its secret,
/// entropy or any other key material. Application messages under a context are not audited.
public struct ContextAuditEvent: Sendable, Hashable {
    /// The lifecycle request.
    public enum Request: String, Sendable, Hashable {
        case establish, renew, amend, cancel
    }

    public enum Outcome: Sendable, Hashable {
        case issued, renewed, amended, cancelled
        /// The request was answered with a fault: its code (`wsc:…`, `wst:…`, `wsse:…`, or the
        /// SOAP code when it has none) and safe reason.
        case refused(fault: QName, reason: String)
    }

    public var time: Date
    public var request: Request
    /// The WS-SC version of the request (from its RST or its context); nil when refused before
    /// either was read.
    public var version: SecureConversationVersion?
    /// The context's owner: the identity the bootstrap proved (as the context issuance policy
    /// names it) for an establishment, the context's owner for a request under it; nil when
    /// refused before the requestor was authenticated.
    public var requestor: String?
    /// The context's `wsc:Identifier`; nil when refused before a context was known.
    public var contextIdentifier: String?
    /// The context's `wsc:Instance` after the request (a renewal's new instance).
    public var instance: String?
    /// The service the context is for (the AppliesTo it records, or as the RST presented it).
    public var appliesTo: String?
    /// When the context expires (after the request).
    public var expires: Date?
    /// The client's address as the transport knows it; nil when unknown.
    public var clientAddress: String?
    public var outcome: Outcome

    public init(time: Date, request: Request, outcome: Outcome) {
        self.time = time
        self.request = request
        self.outcome = outcome
    }
}

/// Receives every ``ContextAuditEvent``, after the response is built and before it is
/// returned. Called concurrently from every request; it must not block for long.
public typealias ContextAuditSink = @Sendable (ContextAuditEvent) -> Void
