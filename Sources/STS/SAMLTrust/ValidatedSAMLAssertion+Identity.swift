import Foundation
import SAML
import WSTrust

extension ValidatedSAMLAssertion {
    /// The subject the assertion speaks for, with its authentication, attributes and any
    /// delegation chain, in `realm`. Throws when the assertion names no subject.
    func identity(realm: String) throws(WSTrustError) -> AuthenticatedIdentity {
        switch assertion {
        case .saml20(let model):
            guard let name = model.subject?.nameID?.value, !name.isEmpty else {
                throw WSTrustError(.invalidSecurityToken, "the SAML assertion names no subject")
            }
            let authn = model.authnStatements.first
            let authentication: IssuedSubject.Authentication =
                switch authn?.authnContext.classRef {
                case .password?, .passwordProtectedTransport?: .password
                case .x509?, .tlsClient?: .x509
                default: .unspecified
                }
            return AuthenticatedIdentity(
                name: name, realm: realm, authentication: authentication,
                authenticationInstant: authn?.authnInstant ?? model.issueInstant,
                attributes: model.attributeStatements.flatMap(\.attributes).map { IdentityAttribute(name: $0.name, values: $0.values) },
                delegates: model.conditions?.delegationRestriction?.delegates.map(\.nameID.value) ?? [])
        case .saml11(let model):
            let statement = model.authenticationStatements.first
            let subject = statement?.subject ?? model.attributeStatements.first?.subject
            guard let name = subject?.nameIdentifier?.value, !name.isEmpty else {
                throw WSTrustError(.invalidSecurityToken, "the SAML assertion names no subject")
            }
            let authentication: IssuedSubject.Authentication =
                switch statement?.method {
                case .password?: .password
                case .x509PKI?, .tlsClient?: .x509
                default: .unspecified
                }
            return AuthenticatedIdentity(
                name: name, realm: realm, authentication: authentication,
                authenticationInstant: statement?.instant ?? model.issueInstant,
                attributes: model.attributeStatements.flatMap(\.attributes).map { IdentityAttribute(name: $0.name, values: $0.values) })
        }
    }
}
