import SOAP
import STS
import SecureConversation
import WSSecurity
import WSTrust
import XMLCore

/// The STS endpoint of a token service that also issues security contexts for its relying
/// parties (WS-SC 1.3 §3), on the configured STS path:
///
/// - a request with the Action of an RST for a security context (`{wst}/RST/SCT`, WS-SC 1.3 §3),
///   or an RST in a Body in the clear whose TokenType is the SCT (WS-SC 1.3 or February 2005),
///   not secured with a context, goes to the context service's bootstrap path (the
///   `secureConversation` section's bootstrap policy; the relying parties decide the AppliesTo it
///   may name). An RST whose Body is encrypted is known by its Action alone;
/// - a message secured with a context goes to the context service: Renew, Cancel (and every other
///   lifecycle request) of a context this STS issued, through the same code as at the service
///   it was issued for; any other request — an RST for a SAML token, say — is answered by the
///   STS for the requestor who established the context, when that context was issued for the
///   STS itself;
/// - anything else, and every request to the other STS paths, goes to the STS as before.
struct ContextIssuingTokenService: TokenServiceEndpoint {
    let tokenService: SecurityTokenService
    let contexts: SecureConversationService
    /// The STS path that serves contexts.
    let path: String

    func respond(to request: SOAPEnvelope, context: EndpointRequest) async -> SOAPEnvelope {
        guard context.endpoint.path == path else { return await tokenService.respond(to: request, context: context) }
        let transport: TransportSecurity = context.transport.overTLS ? .tls : .unprotected
        let addressed = (context.addressing ?? (try? AddressingHeaders(reading: request)))?.action ?? context.action
        if Self.carriesContextTokens(request) || addressed.flatMap(SecureConversationVersion.binding(ofRequestAction:)) != nil {
            return await contexts.handle(request, action: context.action, transport: transport, clientAddress: context.transport.clientAddress)
        }
        if Self.asksForContext(request) {
            return await contexts.establishContext(request, transport: transport, clientAddress: context.transport.clientAddress)
        }
        return await tokenService.respond(to: request, context: context)
    }

    /// The handler of requests secured with a context issued for the STS: the STS answers them
    /// for the context's owner; the context service secures the answer under the context.
    static func handler(_ tokenService: SecurityTokenService) -> SecureConversationHandler {
        { request in
            let context = STSRequestContext(soapAction: request.addressing?.action)
            switch await tokenService.handle(
                authenticated: request.envelope, requestorID: request.identity, security: request.security, context: context)
            {
            case .response(let envelope, let action): return SecureConversationReply(envelope: envelope, action: action)
            case .refused(let fault): return .refused(fault)
            }
        }
    }

    /// Whether the security header holds a WS-SecureConversation token.
    private static func carriesContextTokens(_ request: SOAPEnvelope) -> Bool {
        guard let security = try? request.securityHeader() else { return false }
        return security.children.contains { SecureConversationVersion(namespace: $0.namespaceURI) != nil }
    }

    /// Whether the Body's RST names the SCT as its TokenType.
    private static func asksForContext(_ request: SOAPEnvelope) -> Bool {
        guard let rst = request.bodyPayload, rst.localName == "RequestSecurityToken", WSTrustVersion(namespace: rst.namespaceURI) != nil else {
            return false
        }
        let types = Set(SecureConversationVersion.allCases.map(\.tokenTypeURI))
        return rst.children.contains { $0.localName == "TokenType" && $0.namespaceURI == rst.namespaceURI && types.contains($0.trimmedText) }
    }
}
