public import Logging
import Metrics
import SOAP
public import STS
import WSTrust

extension ServerMetrics {
    /// An ``STS/AuditSink`` that counts what the token service itself reports — never what is
    /// read back off the wire — into `tessera_sts_tokens_issued_total{token_type, relying_party}`
    /// (Issue, Renew, and a Validate that issued a new token) and
    /// `tessera_sts_tokens_refused_total{token_type, relying_party, reason}` (Issue requests
    /// answered with a fault, `reason` being its code such as `wst:InvalidScope`). An AppliesTo
    /// that matches no relying party is also logged to `logger` with the configured patterns, so
    /// the operator sees what to add.
    ///
    /// Labels stay bounded: the relying party is the event's configured party, else the one
    /// `relyingParties` selects for the event's AppliesTo (`none` without one, `unmatched` for an
    /// address no party has), never the address itself; token types are short names.
    public func auditSink(relyingParties: RelyingPartyRegistry, logger: Logger) -> AuditSink {
        { event in record(event, relyingParties: relyingParties, logger: logger) }
    }

    func record(_ event: AuditEvent, relyingParties: RelyingPartyRegistry, logger: Logger) {
        let party = event.relyingParty ?? Self.partyLabel(event.appliesTo, relyingParties)
        switch event.outcome {
        case .issued(let token), .renewed(_, let token), .validated(_, _, let token?):
            handles.counter("tessera_sts_tokens_issued_total", [("token_type", Self.label(of: token.tokenType)), ("relying_party", party)])
                .increment()
        case .refused(let fault, _) where event.requestType == .issue:
            let reason = FaultCodeLabel.label(of: fault)
            let type = event.tokenType ?? event.appliesTo.flatMap(relyingParties.party(for:))?.tokenType
            handles.counter(
                "tessera_sts_tokens_refused_total", [("token_type", Self.label(of: type)), ("relying_party", party), ("reason", reason)]
            ).increment()
            if party == "unmatched", let address = event.appliesTo {
                let patterns = relyingParties.parties.map { "\($0.name): \($0.addresses.map(\.description).joined(separator: ", "))" }
                logger.warning(
                    "AppliesTo matches no relying party",
                    metadata: [
                        "applies_to": "\(STSRequestHandler.truncated(address))",
                        "configured": "\(patterns.isEmpty ? "none" : patterns.joined(separator: "; "))",
                    ])
            }
        case .validated, .cancelled, .refused:
            break
        }
    }

    /// The relying party's configured name for `address` (the default party's when none
    /// matches and one is configured), `none` without AppliesTo, `unmatched` otherwise.
    static func partyLabel(_ address: String?, _ relyingParties: RelyingPartyRegistry) -> String {
        guard let address else { return relyingParties.defaultParty?.name ?? "none" }
        return (relyingParties.party(for: address) ?? relyingParties.defaultParty)?.name ?? "unmatched"
    }

    /// `saml2.0`, `saml1.1`, `jwt`, `usernameToken`, `sct`, `other`, or `unspecified` (none asked for or decided).
    static func label(of tokenType: TokenType?) -> String {
        switch tokenType?.canonical {
        case .saml20?: "saml2.0"
        case .saml11?: "saml1.1"
        case .jwt?: "jwt"
        case .usernameToken?: "usernameToken"
        case .sct13?, .sct200502?: "sct"
        case nil: "unspecified"
        default: "other"
        }
    }
}
