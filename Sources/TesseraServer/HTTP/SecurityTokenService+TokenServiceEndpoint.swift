import SOAP
import STS

/// The one call site of the token service. The service reads the endpoint, action and transport
/// from nowhere yet: when its API takes them (endpoint policy, PasswordText over TLS only,
/// response signing per endpoint), pass `context` through here.
extension SecurityTokenService: TokenServiceEndpoint {
    public func respond(to request: SOAPEnvelope, context: STSRequestContext) async -> SOAPEnvelope {
        await handle(request)
    }
}
