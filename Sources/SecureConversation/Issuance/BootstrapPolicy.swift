import Foundation
import SOAP
import WSSecurity
import X509
import XMLCore

/// Who may establish a context, and how the request must be protected (the seed's bootstrap
/// policy, steps 1–2), enforced on the RST alone and never on application messages.
public enum BootstrapPolicy: Sendable {
    /// The asymmetric binding: the RST's Body, Timestamp and WS-Addressing headers signed with an
    /// X.509 key that chains to `trustStore`; with `requireEncryptedEntropy`, client entropy only
    /// inside a Body encrypted for the service's certificate (or as an EncryptedKey for it).
    /// The response is signed by the service and its Body encrypted for the signer's certificate.
    case x509(trustStore: X509TrustStore, requireEncryptedEntropy: Bool = true)
    /// A UsernameToken with a password the authenticator accepts, and a Timestamp, for use over
    /// TLS only: the message itself protects neither the request nor the key material of the
    /// response (the response is signed by the service, not encrypted).
    case usernameOverTLS(authenticator: any UsernameTokenAuthenticator)
}

/// A bootstrap request that passed the policy: who asked, and what the engine found.
struct BootstrapIdentity {
    let owner: String
    /// The requestor's certificate, for encrypting the response (X.509 bootstrap).
    let certificate: Certificate?
    let security: SecurityHeaderResult
}

extension BootstrapPolicy {
    /// Processes the RST's security header and names the requestor.
    func verify(_ request: SOAPEnvelope, inbound base: InboundSecurityConfiguration, credential: X509Credential) async throws -> BootstrapIdentity {
        var inbound = base
        var policy = SecurityPolicy()
        policy.requireTimestamp = true
        switch self {
        case .x509(let trustStore, _):
            inbound.trustStore = trustStore
            inbound.decryptionCredentials = [credential]
            policy.signedParts = [.body, .timestamp, .addressingHeaders]
            policy.authentication = .x509Signature
        case .usernameOverTLS(let authenticator):
            inbound.usernameAuthenticator = authenticator
            policy.signedParts = []
            policy.authentication = .usernamePassword
        }
        let security = try await WSSecurityEngine(configuration: inbound, policy: policy).process(request)
        switch self {
        case .x509:
            // The requestor is whoever signed the Body the request is read from.
            let signer = security.signatures(covering: request.body).lazy.compactMap { signature -> Certificate? in
                if case .x509(let certificate, _) = signature.token { return certificate }
                return nil
            }.first
            guard let signer else { throw WSSecurityError(.failedAuthentication, "the request is not signed with a trusted certificate") }
            return BootstrapIdentity(owner: signer.subject.description, certificate: signer, security: security)
        case .usernameOverTLS:
            guard let token = security.usernameTokens.first(where: \.passwordVerified) else {
                throw WSSecurityError(.failedAuthentication, "the sender is not authenticated")
            }
            return BootstrapIdentity(owner: token.token.username, certificate: nil, security: security)
        }
    }

    /// Whether client entropy must have arrived encrypted.
    var requiresEncryptedEntropy: Bool {
        if case .x509(_, let required) = self { return required }
        return false
    }
}
