import SOAP

/// What happened to one STS request at the HTTP level (binding, action, outcome, status,
/// latency): the one value the request log line and the request metrics are made from. Tokens
/// issued and refused are counted from the token service's audit events instead
/// (``ServerMetrics/auditSink(relyingParties:logger:)``).
struct RequestObservation {
    enum Outcome {
        case success
        case fault(SOAPFault)
        case payloadTooLarge
        case unsupportedMediaType

        var isSuccess: Bool {
            if case .success = self { return true }
            return false
        }

        /// Refused before it was read: the body was over the limit.
        var isPayloadTooLarge: Bool {
            if case .payloadTooLarge = self { return true }
            return false
        }

        /// A bounded label: `success`, the fault's code (`wst:InvalidScope`, `wsse:FailedCheck`,
        /// or the SOAP code), `payload_too_large`, `unsupported_media_type`.
        var label: String {
            switch self {
            case .success: "success"
            case .fault(let fault): Self.label(of: fault)
            case .payloadTooLarge: "payload_too_large"
            case .unsupportedMediaType: "unsupported_media_type"
            }
        }

        static func label(of fault: SOAPFault) -> String {
            guard let subcode = fault.subcode else { return String(describing: fault.code) }
            return FaultCodeLabel.label(of: subcode)
        }
    }

    let endpoint: STSEndpoint
    /// The SOAP version of the request, when its Content-Type named one.
    let binding: SOAPVersion?
    /// The request's action (WS-Addressing Action, else the HTTP-level action).
    let action: String?
    let outcome: Outcome
    let status: Int
    let duration: Duration

    var bindingLabel: String {
        switch binding {
        case .v11: "soap11"
        case .v12: "soap12"
        case nil: "unknown"
        }
    }
}
