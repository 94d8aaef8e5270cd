import SecurityCore
import WSSecurity
import WSTrust
import X509

/// Authenticates a trusted requestor (the gateway of the token-transformation scenario) by its
/// X.509 signature: the Body the request is read from and the Timestamp must both be signed with
/// the key of a certificate listed in ``STSConfiguration/requestors`` (and trusted by the inbound
/// trust store, which the WS-Security engine checked). A second, unrelated signature over the
/// Timestamp alone proves nothing about the request.
public struct X509SignatureAuthentication: RequestorAuthenticator {
    public init() {}

    public func authenticate(_ input: AuthenticationInput) async throws -> AuthenticatedRequestor? {
        let security = input.security
        guard security.signatures.contains(where: { if case .x509 = $0.token { true } else { false } }) else { return nil }
        // The engine allows one key over the Body and names its certificate.
        let body = input.envelope.body
        guard let certificate = security.authenticatedCertificate else {
            throw WSSecurityError(.invalidSecurity, "the Body must be signed")
        }
        // One token for both checks: made once, its certificate boxed once.
        let signer = SecurityToken.x509(certificate, chain: [])
        guard !security.signatures(by: signer, covering: body).isEmpty else {
            throw WSSecurityError(.invalidSecurity, "the Body must be signed")
        }
        guard let requestor = input.configuration.requestors.first(where: { $0.certificate.isSame(as: certificate) }) else {
            throw WSTrustError(.failedAuthentication, "the requestor is not trusted")
        }
        guard let timestamp = security.timestamp?.element,
            !security.signatures(by: signer, covering: timestamp).isEmpty
        else {
            throw WSSecurityError(.invalidSecurity, "the Timestamp must be signed by the requestor")
        }
        return AuthenticatedRequestor(
            id: "x509:" + requestor.name, name: requestor.name, method: .x509Signature, mayDelegate: requestor.mayDelegate,
            identity: AuthenticatedIdentity(
                name: requestor.subjectName, realm: requestor.realm,
                authentication: .x509, authenticationInstant: input.now))
    }
}

extension RequestorAuthenticator where Self == X509SignatureAuthentication {
    /// A trusted requestor's X.509 signature over Body and Timestamp.
    public static var x509Signature: X509SignatureAuthentication { X509SignatureAuthentication() }
}
