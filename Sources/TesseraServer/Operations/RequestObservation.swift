import SOAP
import STS
import WSTrust
import XMLCore

/// What happened to one STS request, read from the wire (the request and the response
/// envelope): the one value the request log line and the metrics are made from.
///
/// Seam: the token service may later report audit events itself (who asked, on behalf of whom,
/// what was issued). When it does, ``TokenOutcome`` values should be built from those events
/// instead of ``TokenOutcome/read(request:response:fault:relyingParties:)``.
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
            if let known = SecurityFaultCode.known(subcode) { return "\(known.preferredPrefix):\(subcode.localName)" }
            return subcode.localName
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
    /// The tokens the request asked for, issued or refused.
    var tokens: [TokenOutcome] = []

    var bindingLabel: String {
        switch binding {
        case .v11: "soap11"
        case .v12: "soap12"
        case nil: "unknown"
        }
    }
}

/// One token issued or refused, labelled for metrics.
struct TokenOutcome: Hashable {
    enum Result: Hashable {
        case issued
        /// Refused, with the fault label as the reason.
        case refused(String)
    }

    let result: Result
    /// `saml2.0`, `saml1.1`, `jwt`, `sct`, `other`, or `unspecified` (refused before a type was
    /// decided and none was asked for).
    let tokenTypeLabel: String
    /// The relying party's configured name, `none` (no AppliesTo) or `unmatched`.
    let relyingPartyLabel: String
    /// The AppliesTo address asked for, for the log (never a metric label).
    let appliesTo: String?

    static func label(of tokenType: TokenType?) -> String {
        switch tokenType?.canonical {
        case .saml20?: "saml2.0"
        case .saml11?: "saml1.1"
        case .jwt?: "jwt"
        case .sct13?, .sct200502?: "sct"
        case nil: "unspecified"
        default: "other"
        }
    }

    /// The tokens a finished request issued (each RSTR carrying a RequestedSecurityToken) or,
    /// for a refused Issue request, the one it asked for.
    static func read(request: SOAPEnvelope, response: SOAPEnvelope, fault: SOAPFault?, relyingParties: RelyingPartyRegistry) -> [TokenOutcome] {
        func partyLabel(_ address: String?) -> String {
            guard let address else { return relyingParties.defaultParty?.name ?? "none" }
            return (relyingParties.party(for: address) ?? relyingParties.defaultParty)?.name ?? "unmatched"
        }
        if let fault {
            guard let payload = request.bodyPayload, let rst = try? RequestSecurityToken(element: payload), rst.requestType == .issue else { return [] }
            let address = rst.appliesTo?.address
            let party = address.flatMap(relyingParties.party(for:))
            return [TokenOutcome(result: .refused(RequestObservation.Outcome.label(of: fault)),
                                 tokenTypeLabel: label(of: party?.tokenType ?? rst.tokenType),
                                 relyingPartyLabel: partyLabel(address), appliesTo: address)]
        }
        guard let payload = response.bodyPayload else { return [] }
        let responses: [RequestSecurityTokenResponse]
        if payload.localName == "RequestSecurityTokenResponseCollection" {
            responses = (try? RequestSecurityTokenResponseCollection(element: payload))?.responses ?? []
        } else {
            responses = (try? RequestSecurityTokenResponse(element: payload)).map { [$0] } ?? []
        }
        return responses.filter { $0.requestedSecurityToken != nil }.map { rstr in
            TokenOutcome(result: .issued, tokenTypeLabel: label(of: rstr.tokenType),
                         relyingPartyLabel: partyLabel(rstr.appliesTo?.address), appliesTo: rstr.appliesTo?.address)
        }
    }
}
