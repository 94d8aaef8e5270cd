public import Logging
import SecurityCore
public import STS
import WSSecurity

/// Writes the token service's audit events as structured log lines (label `tessera.audit`):
/// who asked, on behalf of whom, for where, and what was issued, validated, renewed or
/// cancelled — or the fault code and safe reason of a refusal. Refusals are logged at `notice`.
/// Values a request chooses (AppliesTo, MessageID, the delegated identity) are cut at 256
/// characters, as in the request log.
public enum AuditLog {
    /// An ``STS/AuditSink`` writing to `logger`. Nothing is formatted for an event whose level
    /// (`info`, or `notice` for a refusal) the logger drops: with `--log-level warning` that is
    /// every successful request.
    public static func sink(_ logger: Logger) -> AuditSink {
        { event in
            guard logger.logLevel <= level(of: event.outcome) else { return }
            var metadata: Logger.Metadata = ["time": "\(XSDDateTime.format(event.time))"]
            metadata["request"] = event.requestType.map { "\($0.name)" }
            metadata["requestor"] = event.requestor.map { "\($0)" }
            metadata["authentication"] = event.authentication.map { "\($0)" }
            metadata["onBehalfOf"] = event.delegatedIdentity.map { "\(STSRequestHandler.truncated($0))" }
            metadata["delegation"] = event.delegation.map { "\($0.rawValue)" }
            metadata["appliesTo"] = event.appliesTo.map { "\(STSRequestHandler.truncated($0))" }
            metadata["relyingParty"] = event.relyingParty.map { "\($0)" }
            metadata["messageID"] = event.messageID.map { "\(STSRequestHandler.truncated($0))" }
            metadata["remote"] = event.remoteAddress.map { "\($0)" }
            switch event.outcome {
            case .issued(let token):
                add(token, to: &metadata)
                logger.info("issued", metadata: metadata)
            case .validated(let valid, let reason, let issued):
                metadata["valid"] = "\(valid)"
                metadata["reason"] = reason.map { "\($0)" }
                if let issued { add(issued, to: &metadata) }
                logger.info("validated", metadata: metadata)
            case .renewed(let previousID, let token):
                metadata["previousTokenID"] = "\(previousID)"
                add(token, to: &metadata)
                logger.info("renewed", metadata: metadata)
            case .cancelled(let tokenID):
                metadata["tokenID"] = "\(tokenID)"
                logger.info("cancelled", metadata: metadata)
            case .refused(let fault, let reason):
                metadata["fault"] = "\(fault)"
                metadata["reason"] = "\(reason)"
                logger.notice("refused", metadata: metadata)
            }
        }
    }

    /// The level an outcome is logged at.
    static func level(of outcome: AuditEvent.Outcome) -> Logger.Level {
        if case .refused = outcome { return .notice }
        return .info
    }

    private static func add(_ token: AuditEvent.Token, to metadata: inout Logger.Metadata) {
        metadata["tokenID"] = "\(token.id)"
        metadata["tokenType"] = "\(token.tokenType.rawValue)"
        metadata["subject"] = "\(token.subject)"
        metadata["expires"] = "\(XSDDateTime.format(token.expires))"
    }
}
