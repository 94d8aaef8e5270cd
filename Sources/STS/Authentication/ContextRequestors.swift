public import Foundation
import SecurityCore
import WSSecurity
public import WSTrust
public import X509

/// The requestors of security contexts the STS issues (WS-SC 1.3 §3): the bootstrap policy
/// proves who asked, and these name that party as the STS's own authenticators would, by the
/// qualified id (``AuthenticatedRequestor/id``) the context records as its owner. A request
/// later secured with the context is the requestor's again: its authorization and delegation
/// rights are those of the party the id names, looked up anew in the configuration.
extension SecurityTokenService {
    /// The trusted requestor (``STSConfiguration/requestors``) whose certificate this is;
    /// `wst:FailedAuthentication` for any other certificate, as ``X509SignatureAuthentication``
    /// refuses it.
    public func contextRequestor(certificate: Certificate, now: Date) throws(WSTrustError) -> AuthenticatedRequestor {
        guard let requestor = configuration.requestors.first(where: { $0.certificate.isSame(as: certificate) }) else {
            throw WSTrustError(.failedAuthentication, "the requestor is not trusted")
        }
        return Self.requestor(requestor, now: now)
    }

    /// The user of ``STSConfiguration/users`` called `name`, as ``UsernamePasswordAuthentication``
    /// names it once the password is verified.
    public func contextRequestor(user name: String, now: Date) throws(WSTrustError) -> AuthenticatedRequestor {
        guard let directory = configuration.users, let user = directory.user(named: name) else {
            throw WSTrustError(.failedAuthentication, "the requestor is not known")
        }
        return AuthenticatedRequestor(
            id: "user:" + user.name, name: user.name, method: .usernamePassword, mayDelegate: false,
            identity: AuthenticatedIdentity(
                name: user.name, realm: directory.realm, authentication: .password, authenticationInstant: now,
                attributes: user.attributes))
    }

    /// The subject of a SAML assertion from `issuer`, as ``SAMLAssertionAuthentication`` names a
    /// holder-of-key subject (the assertion's attributes are not kept with the context).
    public func contextRequestor(samlSubject subject: String, issuer: String, now: Date) -> AuthenticatedRequestor {
        AuthenticatedRequestor(
            id: "saml:\(subject)@\(issuer)", name: subject, method: .samlHolderOfKey, mayDelegate: false,
            identity: AuthenticatedIdentity(name: subject, realm: samlTrust.realm(of: issuer), authentication: .unspecified, authenticationInstant: now))
    }

    /// The requestor a qualified id names (`x509:<requestor>`, `user:<name>`,
    /// `saml:<subject>@<issuer>`), with the rights the configuration gives it now.
    public func contextRequestor(id: String, now: Date) throws(WSTrustError) -> AuthenticatedRequestor {
        if id.hasPrefix("x509:") {
            let name = String(id.dropFirst(5))
            guard let requestor = configuration.requestors.first(where: { $0.name == name }) else {
                throw WSTrustError(.failedAuthentication, "the requestor is not trusted")
            }
            return Self.requestor(requestor, now: now)
        }
        if id.hasPrefix("user:") { return try contextRequestor(user: String(id.dropFirst(5)), now: now) }
        // An issuer name is a URI, which needs no `@`; a subject (an e-mail address) may have one.
        if id.hasPrefix("saml:"), let at = id.lastIndex(of: "@"), at > id.index(id.startIndex, offsetBy: 5) {
            let subject = String(id[id.index(id.startIndex, offsetBy: 5)..<at])
            return contextRequestor(samlSubject: subject, issuer: String(id[id.index(after: at)...]), now: now)
        }
        throw WSTrustError(.failedAuthentication, "the requestor is not known")
    }

    private static func requestor(_ requestor: TrustedRequestor, now: Date) -> AuthenticatedRequestor {
        AuthenticatedRequestor(
            id: "x509:" + requestor.name, name: requestor.name, method: .x509Signature, mayDelegate: requestor.mayDelegate,
            identity: AuthenticatedIdentity(name: requestor.subjectName, realm: requestor.realm, authentication: .x509, authenticationInstant: now))
    }
}
