public import Foundation
import SAML
public import SOAP
public import WSSecurity
import XMLCore

/// One way a requestor may authenticate to the STS, judged on the processed security header.
/// Authenticators are values combined in order (``STSConfiguration/authenticators``, or per
/// endpoint ``STSRequestContext/authenticators``): the first that finds its kind of credential
/// decides, and a credential of its kind that fails is a refusal, never a fall-through.
///
/// ```swift
/// configuration.authenticators = [SAMLAssertionAuthentication(), X509SignatureAuthentication(), UsernamePasswordAuthentication()]
/// ```
public protocol RequestorAuthenticator: Sendable {
    /// The requestor, nil when the message carries no credential of this kind; throws a
    /// `WSSecurityError` or `WSTrustError` when it carries one that does not authenticate.
    func authenticate(_ input: AuthenticationInput) async throws -> AuthenticatedRequestor?
}

/// What an authenticator sees of a request: made once per request and handed on by reference
/// (it holds the service's whole configuration).
public final class AuthenticationInput {
    /// The request, decrypted in place by security processing.
    public let envelope: SOAPEnvelope
    /// What the security header proved: signatures and what they cover, verified passwords,
    /// SAML assertions carried.
    public let security: SecurityHeaderResult
    public let context: STSRequestContext
    public let configuration: STSConfiguration
    public let now: Date
    /// Validates header assertions once per request, shared with holder-of-key resolution.
    let headerAssertions: SAMLHeaderAssertionTrust
    /// The token store's word on the STS's own assertions.
    let ownTokens: OwnTokenCheck

    init(
        envelope: SOAPEnvelope, security: SecurityHeaderResult, context: STSRequestContext, configuration: STSConfiguration, now: Date,
        headerAssertions: SAMLHeaderAssertionTrust, ownTokens: OwnTokenCheck
    ) {
        self.envelope = envelope
        self.security = security
        self.context = context
        self.configuration = configuration
        self.now = now
        self.headerAssertions = headerAssertions
        self.ownTokens = ownTokens
    }
}
