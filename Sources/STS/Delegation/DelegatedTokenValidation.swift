import Foundation
import SAML
import SecurityCore
import SOAP
import WSSecurity
import WSTrust
import XMLCore

/// Validates the token inside OnBehalfOf (WS-Trust 1.3 §9.1) or ActAs (WS-Trust 1.4 §9.2) by
/// its type, and returns the identity it establishes. The caller has already checked that the
/// requestor may delegate.
/// - `wsse:UsernameToken` without password: an identity assertion by the requestor (the
///   consumer's token in the token-transformation scenario), in the requestor's realm; its Nonce
///   and Created are replay-checked as in a security header.
/// - `wsse:UsernameToken` with password: replay-checked, then verified against the user
///   directory (PasswordText only over TLS).
/// - SAML 2.0 / 1.1 assertion: signed by a trusted issuer, current (any audience: it was
///   addressed to the requestor), and, when the STS issued it, neither cancelled nor renewed.
/// - `wsse:BinarySecurityToken` (X509v3 or PKIPath): the certificate chains to a delegation
///   trust anchor; the identity is its subject, in its issuer's realm.
/// Anything else is `wst:InvalidRequest`.
struct DelegatedTokenValidation {
    let configuration: STSConfiguration
    let ownTokens: OwnTokenCheck
    let context: STSRequestContext
    let now: Date

    func identity(of token: XMLElement, assertedBy requestor: AuthenticatedRequestor) async throws -> AuthenticatedIdentity {
        switch (token.namespaceURI, token.localName) {
        case (WSSNamespace.secext, "UsernameToken"):
            return try await usernameIdentity(token, requestor: requestor)
        case (HeaderSAMLAssertion.saml20Namespace, "Assertion"), (HeaderSAMLAssertion.saml11Namespace, "Assertion"):
            return try await samlIdentity(token)
        case (WSSNamespace.secext, "BinarySecurityToken"):
            return try await certificateIdentity(token, requestor: requestor)
        default:
            throw WSTrustError(.invalidRequest, "OnBehalfOf and ActAs accept a UsernameToken, a SAML assertion or an X.509 certificate")
        }
    }

    private func usernameIdentity(_ element: XMLElement, requestor: AuthenticatedRequestor) async throws -> AuthenticatedIdentity {
        let token: UsernameToken
        let inbound = configuration.inbound
        do {
            token = try UsernameToken(element: element)
            try token.checkFreshness(now: now, skew: inbound.clockSkew, maxAge: inbound.usernameTokenMaxAge)
        } catch let error as WSSecurityError {
            throw WSTrustError(error.code == .messageExpired ? .expiredData : .invalidSecurityToken, error.reason)
        }
        guard token.password != nil else {
            // An identity the authenticated requestor asserts: its Nonce is recorded now.
            try await recordNonce(of: token)
            return AuthenticatedIdentity(name: token.username, realm: requestor.assertionRealm, authentication: .unspecified, authenticationInstant: now)
        }
        guard let directory = configuration.users else {
            throw WSTrustError(.failedAuthentication, "username and password authentication is not configured")
        }
        do {
            try DirectoryPasswordAuthenticator.checkTransport(
                of: token, transportIsSecure: context.transportIsSecure,
                digestWithoutTLS: configuration.acceptsPasswordDigestWithoutTLS)
        } catch {
            throw WSTrustError(.invalidRequest, error.reason)
        }
        let user: UserDirectory.User
        do {
            user = try await directory.authenticate(token, on: configuration.passwordChecks)
        } catch let busy as ServiceBusy {
            throw busy
        } catch let error as WSSecurityError {
            throw WSTrustError(.failedAuthentication, error.reason)
        }
        // Recorded once the password proved the token genuine (UsernameToken Profile 1.1 §4).
        try await recordNonce(of: token)
        return AuthenticatedIdentity(
            name: user.name, realm: directory.realm, authentication: .password,
            authenticationInstant: now, attributes: user.attributes)
    }

    private func recordNonce(of token: UsernameToken) async throws {
        let inbound = configuration.inbound
        do {
            try await token.recordNonce(now: now, skew: inbound.clockSkew, maxAge: inbound.usernameTokenMaxAge, replayCache: inbound.replayCache)
        } catch let error as WSSecurityError {
            throw WSTrustError(.invalidSecurityToken, error.reason)
        }
    }

    private func samlIdentity(_ element: XMLElement) async throws -> AuthenticatedIdentity {
        let inbound = configuration.inbound
        let validator = ownTokens.trust.validator(
            for: .delegation(audiences: configuration.audiences.union(configuration.delegatedAssertionAudiences)), now: now, clockSkew: inbound.clockSkew,
            replayCache: inbound.replayCache)
        let validated: ValidatedSAMLAssertion
        do {
            validated = try await validator.validate(element)
        } catch let error as SAMLError {
            if error.code == .expired {
                if await ownTokens.isRenewable(expired: element, now: now) {
                    throw WSTrustError(.renewNeeded, "the SAML assertion has expired and can be renewed")
                }
                throw WSTrustError(.expiredData, error.reason)
            }
            throw WSTrustError(.invalidSecurityToken, error.reason)
        }
        switch try await ownTokens.status(of: validated.facts) {
        case .notOwn, .current: break
        case .unknown: throw WSTrustError(.invalidSecurityToken, "the SAML assertion is not known to this STS")
        case .cancelled: throw WSTrustError(.invalidSecurityToken, "the SAML assertion was cancelled")
        case .renewed: throw WSTrustError(.invalidSecurityToken, "the SAML assertion was replaced by a renewed one")
        }
        return try validated.identity(realm: ownTokens.trust.realm(of: validated.facts.issuer))
    }

    /// A certificate proves nothing about its holder being present: the requestor vouches for
    /// it, so the identity stays in the requestor's realm, and only certificates of the
    /// delegation trust store are accepted.
    private func certificateIdentity(_ element: XMLElement, requestor: AuthenticatedRequestor) async throws -> AuthenticatedIdentity {
        let token: BinarySecurityToken
        do {
            token = try BinarySecurityToken(element: element)
        } catch let error as WSSecurityError {
            throw WSTrustError(.invalidSecurityToken, error.reason)
        }
        guard let trustStore = configuration.delegationTrustStore else {
            throw WSTrustError(.invalidSecurityToken, "certificates are not accepted in OnBehalfOf or ActAs")
        }
        do {
            try await trustStore.validate(token.leaf, der: token.leafDER, intermediates: Array(token.certificates.dropFirst()), at: now)
        } catch {
            throw WSTrustError(.invalidSecurityToken, "the delegated certificate is not trusted")
        }
        return AuthenticatedIdentity(
            name: token.leaf.subject.description, realm: requestor.assertionRealm,
            authentication: .x509, authenticationInstant: now)
    }
}
