import Foundation
import SAML
import SecurityCore
import StoreProtocols
import WSSecurity
public import X509
import XMLCore

/// The issued-token bootstrap: the RST is authenticated by a SAML 2.0 or 1.1 assertion in its
/// security header (WSS SAML Token Profile 1.1), issued by one of ``issuers`` (an STS, such as
/// Tessera's own, or an identity provider). The assertion must be signed by a certificate of
/// its issuer (pinned, compared exactly: a certificate of one issuer cannot speak for
/// another), current within the clock skew (IssueInstant, Conditions, SubjectConfirmationData),
/// and restricted to one of ``audiences``; a OneTimeUse assertion is used up.
///
/// Its subject is confirmed by:
/// - holder-of-key (§3.5.1): the Body and Timestamp signed with the key the assertion confirms,
///   the signature referencing the assertion (SAMLID / SAMLAssertionID KeyIdentifier); the
///   response Body is then encrypted for that key's certificate;
/// - bearer (§3.4.1), only from an issuer configured with ``Issuer/acceptsBearer`` and only over
///   TLS: nothing in the message binds the assertion to its sender, and the response's key
///   material is protected by TLS alone.
/// The context's owner is the assertion's subject (NameID / NameIdentifier) as its issuer
/// names it (``owner(nameID:issuer:)``): the same name from two issuers is two owners. An issuer configured
/// with ``Issuer/status`` is asked whether the assertion is still current once it is verified and
/// its subject confirmed: a cancelled, renewed or unknown assertion is refused with
/// `wsse:InvalidSecurityToken`, and an unanswered question with `wsse:SecurityTokenUnavailable`.
/// The issuer is asked again on every message under a context established with the assertion
/// (``SecureConversationService``): once it says the assertion was cancelled or renewed, or no
/// longer knows it, the context ends with it.
public struct SAMLBootstrap: Sendable {
    /// An issuer whose assertions may establish contexts.
    public struct Issuer: Sendable {
        /// The assertions' `Issuer`, compared exactly.
        public var name: String
        /// Its signing certificates.
        public var certificates: [Certificate]
        /// Accept its bearer assertions (over TLS only); holder-of-key is always accepted.
        public var acceptsBearer: Bool
        /// Where the issuer's records say whether its assertions were cancelled or renewed (the
        /// token store of the STS this service is hosted with); nil trusts the signature and
        /// validity period alone.
        public var status: (any SAMLAssertionStatusSource)?

        public init(
            name: String, certificates: [Certificate], acceptsBearer: Bool = false,
            status: (any SAMLAssertionStatusSource)? = nil
        ) {
            self.name = name
            self.certificates = certificates
            self.acceptsBearer = acceptsBearer
            self.status = status
        }
    }

    public var issuers: [Issuer]
    /// The audiences the assertion must be restricted to (the service's address, or the
    /// audience its STS issues for); an assertion with no audience restriction is refused.
    public var audiences: Set<String>

    public init(issuers: [Issuer], audiences: Set<String>) {
        self.issuers = issuers
        self.audiences = audiences
    }

    /// A validator for one request at `now`: trusted signers pinned per issuer, audience
    /// required, OneTimeUse consumed through `replayCache`.
    func validator(now: Date, clockSkew: TimeInterval, replayCache: any ReplayCache) -> SAMLAssertionValidator {
        var signers: [String: [Certificate]] = [:]
        for issuer in issuers { signers[issuer.name, default: []] += issuer.certificates }
        let audiences = self.audiences
        return SAMLAssertionValidator(
            trustStore: X509TrustStore(anchors: [], pinned: signers.values.flatMap { $0 }),
            clock: .fixed(now), clockSkew: clockSkew
        ) {
            SAMLIssuerPolicy(signers: signers)
            SAMLAudiencePolicy(audiences: audiences, requireRestriction: true)
            SAMLOneTimeUsePolicy(replayCache: replayCache)
        }
    }

    /// Names the requestor of an RST the engine processed with `assertions` as its SAML key
    /// resolver: the subject of the one assertion in the header, confirmed as described above.
    func authenticate(
        _ security: SecurityHeaderResult, body: XMLElement, assertions: SAMLHeaderAssertionTrust,
        transport: TransportSecurity
    ) async throws -> BootstrapIdentity {
        guard let header = security.samlAssertions.first else {
            throw WSSecurityError(.failedAuthentication, "the request carries no SAML assertion")
        }
        guard security.samlAssertions.count == 1 else {
            throw WSSecurityError(.invalidSecurity, "the security header carries more than one SAML assertion")
        }
        let validated: ValidatedSAMLAssertion
        do {
            validated = try await assertions.validate(header)
        } catch {
            throw error.wsSecurityError
        }
        let facts = validated.facts
        var identity = try confirm(facts, header: header, security: security, body: body, transport: transport)
        try await checkStatus(of: facts)
        identity.assertion = BootstrapAssertion(issuer: facts.issuer, id: facts.id)
        return identity
    }

    /// The owner of a context established with an assertion from `issuer` about `nameID`:
    /// `<nameID> (issuer: <issuer>)`, with `%`, `(` and `)` percent-encoded in the issuer so
    /// that no pair of names can spell another pair (a NameID is unique only within its
    /// issuer's namespace: SAML 2.0 Core §2.2.2, §8.3).
    public static func owner(nameID: String, issuer: String) -> String {
        let escaped = issuer.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "(", with: "%28").replacingOccurrences(of: ")", with: "%29")
        return "\(nameID) (issuer: \(escaped))"
    }

    /// The requestor named by the subject of `facts`, confirmed as described above.
    private func confirm(
        _ facts: SAMLAssertionFacts, header: HeaderSAMLAssertion, security: SecurityHeaderResult,
        body: XMLElement, transport: TransportSecurity
    ) throws -> BootstrapIdentity {
        guard let nameID = facts.subjects.lazy.compactMap(\.name).first(where: { !$0.isEmpty }) else {
            throw WSSecurityError(.invalidSecurityToken, "the SAML assertion names no subject")
        }
        let owner = Self.owner(nameID: nameID, issuer: facts.issuer)
        let requestor = BootstrapRequestor.samlSubject(nameID: nameID, issuer: facts.issuer)
        let kinds = Set(facts.subjects.flatMap(\.confirmations).compactMap(\.kind))
        if kinds.contains(.holderOfKey) {
            let proof = security.signatures.lazy.compactMap { signature -> Certificate? in
                guard case .samlAssertion(let id, let key) = signature.token, id == header.id,
                    let timestamp = security.timestamp?.element,
                    signature.verified.covers(body), signature.verified.covers(timestamp)
                else { return nil }
                return key
            }.first
            if let proof { return BootstrapIdentity(owner: owner, certificate: proof, security: security, requestor: requestor) }
        }
        if kinds.contains(.bearer), issuers.contains(where: { $0.name == facts.issuer && $0.acceptsBearer }) {
            guard transport == .tls else {
                throw WSSecurityError(.failedAuthentication, "a bearer SAML assertion establishes a context only over TLS")
            }
            return BootstrapIdentity(owner: owner, certificate: nil, security: security, requestor: requestor)
        }
        if kinds.contains(.holderOfKey) {
            throw WSSecurityError(.failedAuthentication, "the Body and Timestamp are not signed with the SAML assertion's confirmation key")
        }
        throw WSSecurityError(.failedAuthentication, "the SAML assertion's subject confirmation is not accepted here")
    }

    /// Refuses the assertion `facts` describes when its issuer's records say it is no longer
    /// current (WS-Trust 1.3 §8, §10); the reasons name no internal detail.
    func checkStatus(of facts: SAMLAssertionFacts) async throws {
        switch try await status(ofAssertion: facts.id, issuer: facts.issuer) {
        case nil, .current?: return
        case .cancelled?: throw WSSecurityError(.invalidSecurityToken, "the SAML assertion was cancelled")
        case .renewed?: throw WSSecurityError(.invalidSecurityToken, "the SAML assertion was replaced by renewal")
        case .unknown?: throw WSSecurityError(.invalidSecurityToken, "the SAML assertion is not known to its issuer")
        }
    }

    /// What the records of `issuer` say of the assertion `id`: nil when the issuer is configured
    /// without a ``Issuer/status`` (or is no longer trusted); `wsse:SecurityTokenUnavailable`
    /// when the records cannot be read.
    func status(ofAssertion id: String, issuer: String) async throws -> SAMLAssertionStatus? {
        guard let source = issuers.first(where: { $0.name == issuer })?.status else { return nil }
        do {
            return try await source.status(ofAssertion: id)
        } catch {
            throw WSSecurityError(.securityTokenUnavailable, "the SAML assertion's status cannot be confirmed")
        }
    }
}
