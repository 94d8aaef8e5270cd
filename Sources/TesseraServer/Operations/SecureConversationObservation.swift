import SecureConversation

/// What happened to one request to a secure-conversation endpoint (which kind of request, its
/// outcome, its latency): what its metrics are made from.
struct SecureConversationObservation {
    /// A bounded label for the request: the context operation its action names (WS-SC 1.3
    /// §3–§6, either version), `message` for any other action or none (an application message
    /// under a context), `unknown` when the request was refused before its envelope and action
    /// were read.
    enum Request: String {
        case establish, amend, renew, cancel, message, unknown

        init(action: String?) {
            switch action.flatMap(SecureConversationVersion.binding(ofRequestAction:))?.1 {
            case .issue?: self = .establish
            case .amend?: self = .amend
            case .renew?: self = .renew
            case .cancel?: self = .cancel
            case nil: self = .message
            }
        }
    }

    let path: String
    let request: Request
    let outcome: RequestObservation.Outcome
    let duration: Duration
}
