import Foundation
import SAML
import SOAP
import WSSecurity
import WSTrust
import XMLCore

/// A token the STS issued: its signed element (in a document of its own, declaring its own
/// namespaces so its bytes can be forwarded verbatim), its identifier and what it was issued as.
public struct IssuedToken {
    public let element: XMLElement
    public let id: String
    public let tokenType: TokenType
    public let lifetime: Lifetime
}

/// Issues signed SAML 2.0 and SAML 1.1 assertions (sender-vouches, bearer) and shapes the
/// response as the seed's Listing 3: TokenType, RequestedSecurityToken, attached and
/// unattached SAML ID references, AppliesTo, Lifetime.
public struct SAMLTokenIssuer: Sendable {
    /// The STS's name, written as the assertion Issuer.
    public let issuerName: String
    public let signer: SAMLAssertionSigner

    public init(issuerName: String, credential: X509Credential) {
        self.issuerName = issuerName
        signer = SAMLAssertionSigner(credential: credential)
    }

    public func issue(for subject: IssuedSubject, decision: IssuanceDecision, lifetime: Lifetime, now: Date) throws -> IssuedToken {
        let confirmation = decision.relyingParty?.confirmation ?? (decision.keyType == .bearer ? .bearer : .senderVouches)
        let format = decision.relyingParty?.nameIDFormat ?? .unspecified
        let audiences = decision.audience.map { [$0] } ?? []
        do {
            switch decision.tokenType {
            case .saml11:
                let assertion = saml11(subject, confirmation: confirmation, format: format, audiences: audiences, lifetime: lifetime, now: now)
                let document = try signer.signedDocument(assertion)
                return IssuedToken(element: document.root, id: assertion.id, tokenType: .saml11, lifetime: lifetime)
            default:
                let assertion = saml20(subject, confirmation: confirmation, format: format, audiences: audiences, lifetime: lifetime, now: now)
                let document = try signer.signedDocument(assertion)
                return IssuedToken(element: document.root, id: assertion.id, tokenType: .saml20, lifetime: lifetime)
            }
        } catch let error as WSTrustError {
            throw error
        } catch {
            throw WSTrustError(.requestFailed, "the token could not be issued")
        }
    }

    /// The RSTR for `token`, in `version`'s namespace.
    public func response(for token: IssuedToken, decision: IssuanceDecision, version: WSTrustVersion, context: String?) -> RequestSecurityTokenResponse {
        var response = RequestSecurityTokenResponse(version: version)
        response.context = context
        response.tokenType = token.tokenType
        response.requestedSecurityToken = token.element
        let reference = Self.samlReference(id: token.id, tokenType: token.tokenType)
        response.requestedAttachedReference = reference
        response.requestedUnattachedReference = reference
        response.appliesTo = decision.appliesTo.map { AppliesTo(address: $0) }
        response.lifetime = token.lifetime
        if version == .v200502, decision.keyType == .bearer { response.keyType = .bearer }
        return response
    }

    /// `wsse:SecurityTokenReference` with a SAML ID KeyIdentifier (SAML Token Profile 1.1 §3.4).
    static func samlReference(id: String, tokenType: TokenType) -> XMLElement {
        let document = XMLDocument(rootLocalName: "Holder", namespace: nil)
        let valueType = tokenType == .saml11 ? WSSURI.samlV11ID : WSSURI.samlV20ID
        let reference = SecurityTokenReference.write(.keyIdentifier(valueType: valueType, value: Array(id.utf8), text: id),
                                                     into: document.root, tokenType: tokenType.rawValue)
        return reference
    }

    private func saml20(_ subject: IssuedSubject, confirmation: SAMLConfirmationKind, format: SAMLNameIDFormat,
                        audiences: [String], lifetime: Lifetime, now: Date) -> SAML2.Assertion {
        let method: SAML2.ConfirmationMethod = switch confirmation {
        case .bearer: .bearer
        case .senderVouches: .senderVouches
        case .holderOfKey: .holderOfKey
        }
        let notOnOrAfter = lifetime.expires
        let data = confirmation == .bearer ? SAML2.SubjectConfirmationData(notOnOrAfter: notOnOrAfter, recipient: audiences.first) : nil
        let nameID = SAML2.NameID(subject.name, format: format, nameQualifier: subject.nameQualifier)
        let classRef: SAML2.AuthnContextClass = switch subject.authentication {
        case .password: .password
        case .x509: .x509
        case .unspecified: .unspecified
        }
        var conditions = SAML2.Conditions(notBefore: lifetime.created, notOnOrAfter: notOnOrAfter,
                                          audienceRestrictions: audiences.isEmpty ? [] : [SAML2.AudienceRestriction(audiences)])
        if let actor = subject.actor {
            let prior = subject.priorDelegates.map { SAML2.Delegate(nameID: SAML2.NameID($0)) }
            conditions.delegationRestriction = SAML2.DelegationRestriction(prior + [SAML2.Delegate(nameID: SAML2.NameID(actor), delegationInstant: now)])
        }
        let attributes = subject.attributes.map { SAML2.Attribute(name: $0.name, nameFormat: .basic, values: $0.values) }
        return SAML2.Assertion(
            issueInstant: now, issuer: SAML2.Issuer(issuerName),
            subject: SAML2.Subject(nameID: nameID, confirmations: [SAML2.SubjectConfirmation(method: method, data: data)]),
            conditions: conditions,
            authnStatements: [SAML2.AuthnStatement(authnInstant: subject.authenticationInstant, authnContext: SAML2.AuthnContext(classRef: classRef))],
            attributeStatements: attributes.isEmpty ? [] : [SAML2.AttributeStatement(attributes)]
        )
    }

    private func saml11(_ subject: IssuedSubject, confirmation: SAMLConfirmationKind, format: SAMLNameIDFormat,
                        audiences: [String], lifetime: Lifetime, now: Date) -> SAML1.Assertion {
        let method: SAML1.ConfirmationMethod = switch confirmation {
        case .bearer: .bearer
        case .senderVouches: .senderVouches
        case .holderOfKey: .holderOfKey
        }
        let samlSubject = SAML1.Subject(nameIdentifier: SAML1.NameIdentifier(subject.name, nameQualifier: subject.nameQualifier, format: format),
                                        confirmation: SAML1.SubjectConfirmation(methods: [method]))
        let authenticationMethod: SAML1.AuthenticationMethod = switch subject.authentication {
        case .password: .password
        case .x509: .x509PKI
        case .unspecified: .unspecified
        }
        let attributes = subject.attributes.map { SAML1.Attribute(name: $0.name, namespace: "urn:tessera:claims", values: $0.values) }
        return SAML1.Assertion(
            issuer: issuerName, issueInstant: now,
            conditions: SAML1.Conditions(notBefore: lifetime.created, notOnOrAfter: lifetime.expires,
                                         audienceRestrictions: audiences.isEmpty ? [] : [SAML1.AudienceRestrictionCondition(audiences)]),
            authenticationStatements: [SAML1.AuthenticationStatement(subject: samlSubject, method: authenticationMethod, instant: subject.authenticationInstant)],
            attributeStatements: attributes.isEmpty ? [] : [SAML1.AttributeStatement(subject: samlSubject, attributes: attributes)]
        )
    }
}
