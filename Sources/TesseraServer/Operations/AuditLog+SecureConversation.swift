public import Logging
public import SecureConversation
import SecurityCore

extension AuditLog {
    /// A ``SecureConversation/ContextAuditSink`` writing to `logger` (label `tessera.audit`, the
    /// token service's audit log): one line per context lifecycle request — `context issued`,
    /// `context renewed`, `context amended`, `context cancelled` at `info`, `context refused` at
    /// `notice` with the fault code and safe reason — naming the requestor, the context's
    /// identifier and instance (never its secret), AppliesTo, the WS-SC version and the client
    /// address. AppliesTo is cut at 256 characters, as in the request log.
    public static func contextSink(_ logger: Logger) -> ContextAuditSink {
        { event in
            let refused: Bool
            if case .refused = event.outcome { refused = true } else { refused = false }
            guard logger.logLevel <= (refused ? .notice : .info) else { return }
            var metadata: Logger.Metadata = ["time": "\(XSDDateTime.format(event.time))", "request": "\(event.request.rawValue)"]
            metadata["version"] = event.version.map { "\(label(of: $0))" }
            metadata["requestor"] = event.requestor.map { "\($0)" }
            metadata["contextID"] = event.contextIdentifier.map { "\($0)" }
            metadata["instance"] = event.instance.map { "\($0)" }
            metadata["appliesTo"] = event.appliesTo.map { "\(STSRequestHandler.truncated($0))" }
            metadata["expires"] = event.expires.map { "\(XSDDateTime.format($0))" }
            metadata["remote"] = event.clientAddress.map { "\($0)" }
            switch event.outcome {
            case .issued: logger.info("context issued", metadata: metadata)
            case .renewed: logger.info("context renewed", metadata: metadata)
            case .amended: logger.info("context amended", metadata: metadata)
            case .cancelled: logger.info("context cancelled", metadata: metadata)
            case .refused(let fault, let reason):
                metadata["fault"] = "\(fault)"
                metadata["reason"] = "\(reason)"
                logger.notice("context refused", metadata: metadata)
            }
        }
    }

    /// `1.3` for WS-SC 1.3, `2005/02` for the February 2005 draft.
    static func label(of version: SecureConversationVersion) -> String {
        switch version {
        case .v13: "1.3"
        case .v200502: "2005/02"
        }
    }
}
