import Foundation
import SAML
public import SOAP
public import WSSecurity
import WSTrust

/// The answer to a request whose sender another layer authenticated.
public enum AuthenticatedTrustAnswer {
    /// The response: the RSTR (inside an RSTRC for a WS-Trust 1.3 Issue) in its Body, no header;
    /// the caller adds the addressing headers and secures it.
    case response(SOAPEnvelope, action: String)
    /// A refusal, with a reason safe to send.
    case refused(SOAPFault)
}

extension SecurityTokenService {
    /// Answers an RST secured with a security context the STS issued (WS-SC 1.3 §3; how WCF
    /// clients ask for token after token without signing each request with their certificate).
    /// The context's service has verified the security header (`security`: the Body and
    /// Timestamp signed with keys derived from the context) and names the requestor by the
    /// qualified id the context records (``contextRequestor(id:now:)``). From there the request
    /// goes as any other: read and checked against its actions, authorized per relying party
    /// with OnBehalfOf / ActAs under the requestor's own rights, issued, recorded and audited.
    public func handle(
        authenticated request: SOAPEnvelope, requestorID: String, security: SecurityHeaderResult, context: STSRequestContext
    ) async -> AuthenticatedTrustAnswer {
        let now = configuration.inbound.clock.now
        let audit = AuditTrail(time: now, context: context)
        let addressing = try? AddressingHeaders(reading: request)
        audit.event.messageID = addressing?.messageID
        let answer: AuthenticatedTrustAnswer
        do {
            let requestor = try contextRequestor(id: requestorID, now: now)
            audit.requestor(requestor)
            let rst = try read(request, addressing: addressing, context: context)
            audit.request(rst)
            let headerAssertions = SAMLHeaderAssertionTrust(
                validator: samlTrust.validator(
                    for: .authentication(audiences: configuration.audiences), now: now,
                    clockSkew: configuration.inbound.clockSkew, replayCache: configuration.inbound.replayCache))
            let input = AuthenticationInput(
                envelope: request, security: security, context: context, configuration: configuration, now: now,
                headerAssertions: headerAssertions, ownTokens: ownTokens)
            // The context's service recorded the header's replay entries: none are held here.
            let trustRequest = TrustRequest(rst: rst, requestor: requestor, input: input, audit: audit, replay: RequestReplayEntries())
            let rstr =
                switch rst.requestType {
                case .issue: try await issue(trustRequest)
                case .validate: try await validate(trustRequest)
                case .renew: try await renew(trustRequest)
                case .cancel: try await cancel(trustRequest)
                }
            let response = SOAPEnvelope(version: request.version)
            if rst.requestType == .issue {
                rstr.writeFinalIssueResponse(into: response.body)
            } else {
                rstr.write(into: response.body)
            }
            answer = .response(response, action: rstr.version.responseAction(rst.requestType))
        } catch {
            let version = request.bodyPayload.flatMap { WSTrustVersion(namespace: $0.namespaceURI) } ?? .v13
            let fault = Self.fault(for: error, version: version)
            audit.presented(request)
            audit.event.outcome = .refused(fault: fault.subcode ?? fault.code.qualifiedName(in: request.version), reason: fault.reason)
            answer = .refused(fault)
        }
        configuration.audit?(audit.event)
        return answer
    }
}
