public import SOAP
public import STS

/// The one call site of the token service: the endpoint's facts become the STS's request
/// context. The X.509 endpoints take the configured authenticators and sign responses as
/// configured; the usernamemixed aliases accept only a UsernameToken, whose PasswordText the
/// STS accepts only over TLS, and answer unsigned inside TLS, as ADFS does.
extension SecurityTokenService: TokenServiceEndpoint {
    public func respond(to request: SOAPEnvelope, context: EndpointRequest) async -> SOAPEnvelope {
        var serviceContext = STSRequestContext(
            transportIsSecure: context.transport.overTLS, soapAction: context.action,
            remoteAddress: context.transport.clientAddress, addressing: context.addressing)
        switch context.endpoint.authentication {
        case .x509Signature:
            break
        case .usernameOverTransport:
            serviceContext.authenticators = [.usernamePassword]
            serviceContext.signResponse = false
        }
        return await handle(request, context: serviceContext)
    }
}
