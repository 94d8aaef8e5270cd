import Foundation
import SAML
public import SecurityCore
import SOAP
import StoreProtocols
public import WSSecurity
import X509
import XMLCore

/// Who may establish a context, and how the request must be protected (the secure-conversation
/// scenario's bootstrap policy, steps 1–2), enforced on the RST alone and never on application
/// messages.
public enum BootstrapPolicy: Sendable {
    /// The asymmetric binding: the RST's Body, Timestamp and WS-Addressing headers signed with an
    /// X.509 key that chains to `trustStore`; with `requireEncryptedEntropy`, client entropy only
    /// inside a Body encrypted for the service's certificate (or as an EncryptedKey for it).
    /// The response is signed by the service and its Body encrypted for the signer's certificate.
    case x509(trustStore: X509TrustStore, requireEncryptedEntropy: Bool = true)
    /// A UsernameToken with a password the authenticator accepts, and a Timestamp, over TLS
    /// only: the message itself protects neither the request nor the key material of the
    /// response (the response is signed by the service, not encrypted). A request that did not
    /// arrive over TLS (``TransportSecurity/unprotected``) is refused with `wsse:InvalidSecurity`
    /// before its password is checked.
    case usernameOverTLS(authenticator: any UsernameTokenAuthenticator)
    /// An issued SAML 2.0 or 1.1 assertion from a trusted issuer: holder-of-key proven by a
    /// signature over the Body and Timestamp with the confirmed key, or bearer over TLS from an
    /// issuer allowed to send bearer assertions (``SAMLBootstrap``).
    case issuedSAML(SAMLBootstrap)
}

/// How a request reached the service, as its transport knows it: the bootstraps that rely on
/// the transport for confidentiality (``BootstrapPolicy/usernameOverTLS(authenticator:)``, a
/// bearer ``BootstrapPolicy/issuedSAML(_:)``) refuse a request that did not come over TLS.
public enum TransportSecurity: Sendable, Hashable {
    /// Plain HTTP, or a transport that says nothing of its protection.
    case unprotected
    /// TLS (directly, or terminated by a trusted proxy in front of the service).
    case tls
}

/// A bootstrap request that passed the policy: who asked, and what the engine found.
struct BootstrapIdentity {
    let owner: String
    /// The requestor's certificate, for encrypting the response (X.509 bootstrap).
    let certificate: Certificate?
    let security: SecurityHeaderResult
    /// Who the requestor is, as the policy proved it.
    let requestor: BootstrapRequestor
    /// The issued assertion the requestor authenticated with (issued-token bootstrap): the
    /// context ends when its issuer cancels or renews it.
    var assertion: BootstrapAssertion? = nil
}

extension BootstrapPolicy {
    /// Processes the RST's security header and names the requestor.
    func verify(
        _ request: SOAPEnvelope, inbound base: InboundSecurityConfiguration, credential: X509Credential,
        transport: TransportSecurity
    ) async throws -> BootstrapIdentity {
        var inbound = base
        var assertions: SAMLHeaderAssertionTrust?
        var policy = SecurityPolicy()
        policy.requireTimestamp = true
        switch self {
        case .x509(let trustStore, _):
            inbound.trustStore = trustStore
            inbound.decryptionCredentials = [credential]
            policy.signedParts = [.body, .timestamp, .addressingHeaders]
            policy.authentication = .x509Signature
        case .usernameOverTLS(let authenticator):
            guard transport == .tls else {
                throw WSSecurityError(.invalidSecurity, "a username bootstrap is accepted only over TLS")
            }
            inbound.usernameAuthenticator = authenticator
            policy.signedParts = []
            policy.authentication = .usernamePassword
        case .issuedSAML(let saml):
            // Which parts must be signed, and by whom, depends on the confirmation method; the
            // assertion decides that after the engine has verified what is there.
            // One instant for the header and the assertion.
            let now = base.clock.now
            inbound.clock = .fixed(now)
            let trust = SAMLHeaderAssertionTrust(validator: saml.validator(now: now, clockSkew: base.clockSkew, replayCache: base.replayCache))
            inbound.samlKeyResolver = trust
            inbound.decryptionCredentials = [credential]
            assertions = trust
            policy.signedParts = []
            policy.authentication = .none
        }
        let security = try await WSSecurityEngine(configuration: inbound, policy: policy).process(request)
        switch self {
        case .x509:
            // The requestor is the one certificate that signed the Body the request is read from
            // (and, by the policy, the Timestamp and addressing headers too).
            guard let signer = security.authenticatedCertificate else {
                throw WSSecurityError(.failedAuthentication, "the request is not signed with a trusted certificate")
            }
            return BootstrapIdentity(owner: signer.subject.description, certificate: signer, security: security, requestor: .certificate(signer))
        case .usernameOverTLS:
            guard let token = security.usernameTokens.first(where: \.passwordVerified) else {
                throw WSSecurityError(.failedAuthentication, "the sender is not authenticated")
            }
            return BootstrapIdentity(owner: token.token.username, certificate: nil, security: security, requestor: .user(token.token.username))
        case .issuedSAML(let saml):
            guard let assertions else { throw WSSecurityError(.failedAuthentication, "the sender is not authenticated") }
            return try await saml.authenticate(security, body: request.body, assertions: assertions, transport: transport)
        }
    }

    /// Whether client entropy must have arrived encrypted.
    var requiresEncryptedEntropy: Bool {
        if case .x509(_, let required) = self { return required }
        return false
    }
}
