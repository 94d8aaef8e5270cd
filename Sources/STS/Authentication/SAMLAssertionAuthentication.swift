import SAML
import WSSecurity
import WSTrust
import X509
import XMLCore

/// Authenticates with a SAML assertion carried in the security header (SAML Token Profile 1.1),
/// issued by a trusted issuer (``STSConfiguration/samlIssuers`` or the STS itself), current,
/// restricted to an audience of the STS (``STSConfiguration/audiences``), and, when
/// the STS issued it, neither cancelled nor renewed. Its subject is confirmed by:
/// - holder-of-key: the Body and Timestamp are signed with the key the assertion confirms,
///   the signature naming the assertion by a SAMLID / SAMLAssertionID KeyIdentifier; the
///   requestor is the subject;
/// - bearer, from a trusted party: a trusted requestor signed the Body and Timestamp (it
///   presents the subject's token and is the requestor, with its delegation rights), or the
///   request came over TLS (the subject is the requestor).
/// Sender-vouches assertions in the header are refused; a requestor vouching for a user
/// sends the user's token in OnBehalfOf.
public struct SAMLAssertionAuthentication: RequestorAuthenticator {
    public init() {}

    public func authenticate(_ input: AuthenticationInput) async throws -> AuthenticatedRequestor? {
        let assertions = input.security.samlAssertions
        guard let assertion = assertions.first else { return nil }
        guard assertions.count == 1 else {
            throw WSSecurityError(.invalidSecurity, "the security header carries more than one SAML assertion")
        }
        let validated: ValidatedSAMLAssertion
        do {
            validated = try await input.headerAssertions.validate(assertion)
        } catch {
            if error.code == .expired, await input.ownTokens.isRenewable(expired: assertion.element, now: input.now) {
                throw WSTrustError(.renewNeeded, "the SAML assertion has expired and can be renewed")
            }
            throw error.wsSecurityError
        }
        let facts = validated.facts
        switch try await input.ownTokens.status(of: facts) {
        case .notOwn, .current: break
        case .unknown: throw WSSecurityError(.invalidSecurityToken, "the SAML assertion is not known to this STS")
        case .cancelled: throw WSSecurityError(.invalidSecurityToken, "the SAML assertion was cancelled")
        case .renewed: throw WSSecurityError(.invalidSecurityToken, "the SAML assertion was replaced by a renewed one")
        }
        let identity = try validated.identity(realm: input.ownTokens.trust.realm(of: facts.issuer))
        let subjectID = "saml:\(identity.name)@\(facts.issuer)"
        let kinds = Set(facts.subjects.flatMap(\.confirmations).compactMap(\.kind))
        let body = input.envelope.body
        let timestamp = input.security.timestamp?.element

        if kinds.contains(.holderOfKey) {
            if input.security.isHolderOfKeyProven(for: assertion, body: body) {
                return AuthenticatedRequestor(id: subjectID, name: identity.name, method: .samlHolderOfKey, mayDelegate: false, identity: identity)
            }
        }
        if kinds.contains(.bearer) {
            if let requestor = trustedSigner(of: input, body: body, timestamp: timestamp) {
                return AuthenticatedRequestor(
                    id: "x509:" + requestor.name, name: requestor.name, method: .samlBearer,
                    mayDelegate: requestor.mayDelegate, identity: identity, assertionRealm: requestor.realm)
            }
            guard input.context.transportIsSecure else {
                throw WSSecurityError(.failedAuthentication, "a bearer SAML assertion authenticates only over TLS or from a trusted requestor")
            }
            return AuthenticatedRequestor(id: subjectID, name: identity.name, method: .samlBearer, mayDelegate: false, identity: identity)
        }
        if kinds.contains(.holderOfKey) {
            throw WSSecurityError(.failedAuthentication, "the Body and Timestamp are not signed with the SAML assertion's confirmation key")
        }
        throw WSSecurityError(.failedAuthentication, "the SAML assertion's subject confirmation is not accepted here")
    }

    /// The trusted requestor whose X.509 signature covers the Body and the Timestamp, if any.
    private func trustedSigner(of input: AuthenticationInput, body: XMLElement, timestamp: XMLElement?) -> TrustedRequestor? {
        guard let timestamp else { return nil }
        let signers = input.security.signatures.compactMap { signature -> Certificate? in
            guard case .x509(let certificate, _) = signature.token,
                signature.verified.covers(body), signature.verified.covers(timestamp)
            else { return nil }
            return certificate
        }
        return input.configuration.requestors.first { signers.contains($0.certificate) }
    }
}

extension RequestorAuthenticator where Self == SAMLAssertionAuthentication {
    /// A SAML assertion in the security header: holder-of-key, or bearer from a trusted party.
    public static var samlAssertion: SAMLAssertionAuthentication { SAMLAssertionAuthentication() }
}
