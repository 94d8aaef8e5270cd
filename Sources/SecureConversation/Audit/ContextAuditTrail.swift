import Foundation
import SOAP
import StoreProtocols

/// The audit facts of one request, filled in as the service learns them, so a refusal at any
/// stage is reported with everything known at that point. Reports nothing while ``request`` is
/// nil (an application message) or without a sink.
final class ContextAuditTrail {
    private let sink: ContextAuditSink?
    private let time: Date
    private let clientAddress: String?
    var request: ContextAuditEvent.Request?
    var version: SecureConversationVersion?
    var requestor: String?
    var appliesTo: String?
    private var context: (identifier: String, instance: String?, expires: Date)?

    init(sink: ContextAuditSink?, time: Date, clientAddress: String?) {
        self.sink = sink
        self.time = time
        self.clientAddress = clientAddress
    }

    /// The context the request established or is secured with, as it stands.
    func context(_ record: SecurityContextRecord) {
        context = (record.identifier, record.instance, record.expires)
        requestor = record.owner
        appliesTo = record.appliesTo ?? appliesTo
    }

    func finish(_ outcome: ContextAuditEvent.Outcome) {
        guard let sink, let request else { return }
        var event = ContextAuditEvent(time: time, request: request, outcome: outcome)
        event.version = version
        event.requestor = requestor
        event.contextIdentifier = context?.identifier
        event.instance = context?.instance
        event.expires = context?.expires
        event.appliesTo = appliesTo
        event.clientAddress = clientAddress
        sink(event)
    }

    func refused(_ fault: SOAPFault, in version: SOAPVersion) {
        finish(.refused(fault: fault.subcode ?? fault.code.qualifiedName(in: version), reason: fault.reason))
    }
}
