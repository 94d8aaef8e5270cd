public import Foundation
public import SAML
public import SecurityCore
import SOAP
import WSSecurity
public import WSTrust
import XMLCore
import XMLSecurity

/// Issues signed SAML 2.0 and SAML 1.1 assertions for a relying party: subject confirmation by
/// bearer, sender-vouches (the token-transformation scenario) or holder-of-key with the proof key
/// in
/// `ds:KeyInfo`; the party's claims as attributes; signed with the party's algorithm; SAML 2.0
/// assertions encrypted for the party's certificate when it asks for it. Each assertion is built
/// and signed in a document of its own that declares every namespace it uses, so its bytes can
/// be forwarded verbatim.
public struct SAMLTokenIssuer: Sendable {
    /// The STS's name, written as the assertion Issuer.
    public let issuerName: String
    public let signer: SAMLAssertionSigner

    /// The SAML 1.1 AttributeNamespace of a claim whose name is not a URI.
    public static let defaultAttributeNamespace = "urn:tessera:claims"

    public init(issuerName: String, credential: X509Credential) {
        self.issuerName = issuerName
        signer = SAMLAssertionSigner(credential: credential)
    }

    /// Issues the assertion `decision` calls for, about `subject`, valid for `lifetime`, with the
    /// holder-of-key confirmation `proof` names (bearer or sender-vouches without one).
    /// Failures are `WSTrustError`s with safe reasons (`wst:RequestFailed` for the STS's own).
    public func issue(
        for subject: IssuedSubject, decision: IssuanceDecision, lifetime: Lifetime, proof: ProofMaterial = .bearer,
        now: Date
    ) throws -> IssuedToken {
        let party = decision.relyingParty
        let confirmation = try Self.confirmation(proof: proof, party: party)
        let claims = party?.claims.claims(for: subject) ?? []
        let audiences = decision.audience.map { [$0] } ?? []
        let signer = try self.signer(for: party)
        do {
            switch decision.tokenType.canonical {
            case .saml11:
                if let party, party.encryptionCertificate != nil, party.encryptsToken {
                    throw WSTrustError(.requestFailed, "SAML 1.1 assertions cannot be encrypted for the relying party")
                }
                let assertion = saml11(
                    subject, confirmation: confirmation, format: party?.nameIDFormat ?? .unspecified,
                    claims: claims, audiences: audiences, lifetime: lifetime, now: now)
                let document = try signer.signedDocument(assertion)
                return IssuedToken(element: document.root, id: assertion.id, tokenType: .saml11, lifetime: lifetime)
            case .saml20:
                let assertion = saml20(
                    subject, confirmation: confirmation, format: party?.nameIDFormat ?? .unspecified,
                    claims: claims, audiences: audiences, lifetime: lifetime, now: now)
                if let party, let certificate = party.encryptionCertificate, party.encryptsToken {
                    let element = try SAML2.EncryptedAssertion.encrypt(try signer.signedDocument(assertion).root, options: .init(recipient: certificate))
                    return IssuedToken(element: element, id: assertion.id, tokenType: .saml20, lifetime: lifetime)
                }
                // Written and signed as bytes in its canonical form, without a tree, when it can be.
                if let verbatim = try signer.signedVerbatim(assertion) {
                    return IssuedToken(verbatim: verbatim, id: assertion.id, tokenType: .saml20, lifetime: lifetime)
                }
                return IssuedToken(element: try signer.signedDocument(assertion).root, id: assertion.id, tokenType: .saml20, lifetime: lifetime)
            default:
                throw WSTrustError(.badRequest, "the token type \(decision.tokenType) is not a SAML assertion")
            }
        } catch let error as WSTrustError {
            throw error
        } catch {
            throw WSTrustError(.requestFailed, "the token could not be issued")
        }
    }

    /// The RSTR for `token` without proof key, in `version`'s namespace (see
    /// ``IssuedToken/response(decision:proof:version:context:)`` for tokens with one).
    public func response(for token: IssuedToken, decision: IssuanceDecision, version: WSTrustVersion, context: String?) -> RequestSecurityTokenResponse {
        token.response(decision: decision, proof: .bearer, version: version, context: context)
    }

    /// The signer for `party`: its algorithm, with a digest of the same hash (RSA-SHA1 only when
    /// the party allows it explicitly).
    private func signer(for party: RelyingParty?) throws -> SAMLAssertionSigner {
        guard let party else { return signer }
        let algorithm = party.signatureAlgorithm
        guard !algorithm.isWeakPublicKeySHA1 || party._WEAK_allowSHA1Signature else {
            throw WSTrustError(.requestFailed, "the relying party's signature algorithm is not allowed")
        }
        guard let digest = DigestMethod.all.first(where: { $0.algorithm == algorithm.digest }) else {
            throw WSTrustError(.requestFailed, "the relying party's signature algorithm is not supported")
        }
        var signer = self.signer
        signer.algorithm = algorithm
        signer.digestMethod = digest
        signer._WEAK_allowSHA1PublicKeySignature = party._WEAK_allowSHA1Signature
        return signer
    }

    /// How the subject is confirmed: holder-of-key with the proof key when there is one, otherwise
    /// the party's bearer or sender-vouches (bearer without a party).
    static func confirmation(proof: ProofMaterial, party: RelyingParty?) throws -> (kind: SAMLConfirmationKind, key: SAMLConfirmationKey?) {
        if proof.keyType != .bearer {
            guard let key = proof.confirmationKey else {
                throw WSTrustError(.requestFailed, "a holder-of-key token needs a proof key")
            }
            return (.holderOfKey, key)
        }
        let kind = party?.confirmation ?? .bearer
        guard kind != .holderOfKey else {
            throw WSTrustError(.requestFailed, "holder-of-key confirmation needs a SymmetricKey or PublicKey request")
        }
        return (kind, nil)
    }

    private func saml20(
        _ subject: IssuedSubject, confirmation: (kind: SAMLConfirmationKind, key: SAMLConfirmationKey?),
        format: SAMLNameIDFormat, claims: [(name: String, values: [String])], audiences: [String],
        lifetime: Lifetime, now: Date
    ) -> SAML2.Assertion {
        let method: SAML2.ConfirmationMethod =
            switch confirmation.kind {
            case .bearer: .bearer
            case .senderVouches: .senderVouches
            case .holderOfKey: .holderOfKey
            }
        let notOnOrAfter = lifetime.expires
        let data: SAML2.SubjectConfirmationData? =
            switch confirmation.kind {
            case .bearer: SAML2.SubjectConfirmationData(notOnOrAfter: notOnOrAfter, recipient: audiences.first)
            case .holderOfKey: confirmation.key.map { SAML2.SubjectConfirmationData(keys: [$0]) }
            case .senderVouches: nil
            }
        let nameID = SAML2.NameID(subject.name, format: format, nameQualifier: subject.nameQualifier)
        let classRef: SAML2.AuthnContextClass =
            switch subject.authentication {
            case .password: .password
            case .x509: .x509
            case .unspecified: .unspecified
            }
        var conditions = SAML2.Conditions(
            notBefore: lifetime.created, notOnOrAfter: notOnOrAfter,
            audienceRestrictions: audiences.isEmpty ? [] : [SAML2.AudienceRestriction(audiences)])
        if let actor = subject.actor {
            let prior = subject.priorDelegates.map { SAML2.Delegate(nameID: SAML2.NameID($0)) }
            conditions.delegationRestriction = SAML2.DelegationRestriction(prior + [SAML2.Delegate(nameID: SAML2.NameID(actor), delegationInstant: now)])
        }
        // SAML 2.0 core §8.2: a URI-shaped name is in the `uri` format, others in `basic`.
        let attributes = claims.map { claim in
            SAML2.Attribute(name: claim.name, nameFormat: claim.name.contains(":") ? .uri : .basic, values: claim.values)
        }
        return SAML2.Assertion(
            issueInstant: now, issuer: SAML2.Issuer(issuerName),
            subject: SAML2.Subject(nameID: nameID, confirmations: [SAML2.SubjectConfirmation(method: method, data: data)]),
            conditions: conditions,
            authnStatements: [SAML2.AuthnStatement(authnInstant: subject.authenticationInstant, authnContext: SAML2.AuthnContext(classRef: classRef))],
            attributeStatements: attributes.isEmpty ? [] : [SAML2.AttributeStatement(attributes)]
        )
    }

    private func saml11(
        _ subject: IssuedSubject, confirmation: (kind: SAMLConfirmationKind, key: SAMLConfirmationKey?),
        format: SAMLNameIDFormat, claims: [(name: String, values: [String])], audiences: [String],
        lifetime: Lifetime, now: Date
    ) -> SAML1.Assertion {
        let method: SAML1.ConfirmationMethod =
            switch confirmation.kind {
            case .bearer: .bearer
            case .senderVouches: .senderVouches
            case .holderOfKey: .holderOfKey
            }
        let samlSubject = SAML1.Subject(
            nameIdentifier: SAML1.NameIdentifier(subject.name, nameQualifier: subject.nameQualifier, format: format),
            confirmation: SAML1.SubjectConfirmation(methods: [method], key: confirmation.key))
        let authenticationMethod: SAML1.AuthenticationMethod =
            switch subject.authentication {
            case .password: .password
            case .x509: .x509PKI
            case .unspecified: .unspecified
            }
        let attributes = claims.map { claim in
            let (namespace, name) = Self.saml11AttributeName(claim.name)
            return SAML1.Attribute(name: name, namespace: namespace, values: claim.values)
        }
        return SAML1.Assertion(
            issuer: issuerName, issueInstant: now,
            conditions: SAML1.Conditions(
                notBefore: lifetime.created, notOnOrAfter: lifetime.expires,
                audienceRestrictions: audiences.isEmpty ? [] : [SAML1.AudienceRestrictionCondition(audiences)]),
            authenticationStatements: [
                SAML1.AuthenticationStatement(subject: samlSubject, method: authenticationMethod, instant: subject.authenticationInstant)
            ],
            attributeStatements: attributes.isEmpty ? [] : [SAML1.AttributeStatement(subject: samlSubject, attributes: attributes)]
        )
    }

    /// A SAML 1.1 AttributeNamespace and AttributeName for a claim: a URI claim is split at its
    /// last `/`, as WIF and ADFS split claim types (`…/identity/claims` + `emailaddress`); any
    /// other name goes in ``defaultAttributeNamespace``.
    static func saml11AttributeName(_ claim: String) -> (namespace: String, name: String) {
        guard claim.contains("://"), let slash = claim.lastIndex(of: "/"), claim.index(after: slash) < claim.endIndex else {
            return (defaultAttributeNamespace, claim)
        }
        return (String(claim[..<slash]), String(claim[claim.index(after: slash)...]))
    }
}
