public import Foundation
public import SOAP
public import SAML
public import SecurityCore
public import X509
import XMLCore

/// What a SOAP service requires of a request authenticated by a SAML assertion in its security
/// header (WSS SAML Token Profile 1.1), and the check itself: one call before the handler
/// reads the Body.
///
/// The assertion must be signed by one of the ``issuers`` (pinned certificates, SAML 2.0 Core
/// §5), current within ``clockSkew`` (§2.5.1), restricted to one of the ``audiences``
/// (§2.5.1.4), and its subject confirmed by one of the ``confirmations``:
/// - sender-vouches (§3.5): one signature of a pinned ``attestingEntities`` certificate (a
///   gateway), the certificate whose signature covers the Body, covers the assertion — by a
///   reference to its ID, or through a SecurityTokenReference in the same security header and
///   the STR Dereference Transform (WSS 1.1 §8.3) — and the Body and the Timestamp;
/// - holder-of-key (§3.4): the key the assertion confirms signed the Body and the Timestamp;
/// - bearer: only over TLS.
///
/// Every refusal is a ``WSSecurityError`` to answer as its fault: an assertion that is not
/// trusted is `wsse:InvalidSecurityToken`, a subject that is not confirmed
/// `wsse:FailedAuthentication`, a header of the wrong shape `wsse:InvalidSecurity`; a signature
/// that fails keeps the engine's code (`wsse:FailedCheck`).
public struct SAMLTokenPolicy: Sendable {
    /// The STS certificates whose signatures make an assertion trusted.
    public let issuers: [Certificate]
    /// The URIs this service answers to; every audience restriction must name one.
    public let audiences: Set<String>
    /// The certificates whose holders may vouch for a subject.
    public let attestingEntities: [Certificate]
    /// The confirmation methods honoured.
    public var confirmations: Set<SAMLConfirmationKind> = [.senderVouches, .holderOfKey, .bearer]
    /// Where "now" comes from, for the assertion and the Timestamp.
    public var clock: TimeSource = .system
    /// Tolerated difference between the issuer's, the sender's and our clocks.
    public var clockSkew: TimeInterval = 300
    /// Remembers signature values while they are fresh, so a captured message is not replayed;
    /// shared by every request this policy checks.
    public var replayCache: any ReplayCache = InMemoryReplayCache()

    private let issuerTrust: X509TrustStore
    private let attestingEntityTrust: X509TrustStore

    /// Trusts assertions signed by `issuers`, for `audiences`, vouched for by `attestingEntities`.
    public init(issuers: [Certificate], audiences: Set<String>, attestingEntities: [Certificate] = []) {
        self.issuers = issuers
        self.audiences = audiences
        self.attestingEntities = attestingEntities
        issuerTrust = X509TrustStore(anchors: [], pinned: issuers)
        attestingEntityTrust = X509TrustStore(anchors: [], pinned: attestingEntities)
    }

    /// Processes `envelope`'s security header and returns the subject its assertion speaks for.
    /// `transportIsSecure` says whether the request came over TLS (bearer assertions need it).
    public func authenticate(_ envelope: SOAPEnvelope, transportIsSecure: Bool) async throws(WSSecurityError) -> SAMLAuthenticatedSubject {
        let now = clock.now
        let validator = SAMLAssertionValidator(trustStore: issuerTrust, clock: .fixed(now), clockSkew: clockSkew) {
            SAMLAudiencePolicy(audiences: audiences, requireRestriction: true)
            SAMLSubjectConfirmationPolicy(allowed: confirmations)
        }
        let assertionTrust = SAMLHeaderAssertionTrust(validator: validator)
        let security = try await processHeader(envelope, at: now, assertionTrust: assertionTrust)

        guard let assertion = security.samlAssertions.first else {
            throw WSSecurityError(.failedAuthentication, "a SAML assertion is required")
        }
        guard security.samlAssertions.count == 1 else {
            throw WSSecurityError(.invalidSecurity, "the security header carries more than one SAML assertion")
        }
        let validated: ValidatedSAMLAssertion
        do {
            validated = try await assertionTrust.validate(assertion)
        } catch {
            throw error.wsSecurityError
        }
        let names = validated.facts.subjects.compactMap(\.name)
        guard let name = names.first, !name.isEmpty, names.allSatisfy({ $0 == name }) else {
            throw WSSecurityError(.invalidSecurityToken, "the SAML assertion names no single subject")
        }
        let confirmation = try confirm(
            assertion, validated.facts, security: security, body: envelope.body, at: now,
            transportIsSecure: transportIsSecure)
        return SAMLAuthenticatedSubject(assertion: validated, name: name, confirmation: confirmation, security: security)
    }

    /// Runs the WS-Security engine: signatures verified, X.509 signers pinned to the attesting
    /// entities, holder-of-key keys named by trusted assertions, the Timestamp current, replays
    /// refused. What each signature covers is judged afterwards, per confirmation method.
    private func processHeader(
        _ envelope: SOAPEnvelope, at now: Date,
        assertionTrust: SAMLHeaderAssertionTrust
    ) async throws(WSSecurityError) -> SecurityHeaderResult {
        var inbound = InboundSecurityConfiguration(trustStore: attestingEntityTrust)
        inbound.samlKeyResolver = assertionTrust
        inbound.replayCache = replayCache
        inbound.clock = .fixed(now)
        inbound.clockSkew = clockSkew
        do {
            return try await WSSecurityEngine(configuration: inbound, policy: .none).process(envelope)
        } catch {
            throw WSSecurityError(error)
        }
    }

    /// The first confirmation of the assertion's that this message proves, trying holder-of-key,
    /// then sender-vouches, then bearer. Only methods of a confirmation current at `now` count.
    private func confirm(
        _ assertion: HeaderSAMLAssertion, _ facts: SAMLAssertionFacts, security: SecurityHeaderResult,
        body: XMLElement, at now: Date, transportIsSecure: Bool
    ) throws(WSSecurityError) -> SAMLAuthenticatedSubject.Confirmation {
        let kinds = Set(facts.subjects.flatMap(\.confirmations).filter { $0.isCurrent(at: now, skew: clockSkew) }.compactMap(\.kind))
            .intersection(confirmations)
        if kinds.contains(.holderOfKey), security.isHolderOfKeyProven(for: assertion, body: body),
            let key = Self.confirmationKey(of: assertion, signing: body, in: security)
        {
            return .holderOfKey(key)
        }
        if kinds.contains(.senderVouches), let gateway = security.authenticatedCertificate,
            attestingEntities.contains(gateway),
            security.senderVouchingSignature(for: assertion, body: body, by: gateway) != nil
        {
            return .senderVouches(attestingEntity: gateway)
        }
        if kinds.contains(.bearer), transportIsSecure {
            return .bearer
        }
        if kinds.contains(.senderVouches) {
            throw WSSecurityError(.failedAuthentication, "the SAML assertion, the Body and the Timestamp are not signed together by a trusted attesting entity")
        }
        if kinds.contains(.holderOfKey) {
            throw WSSecurityError(.failedAuthentication, "the Body and Timestamp are not signed with the SAML assertion's confirmation key")
        }
        if kinds.contains(.bearer) {
            throw WSSecurityError(.failedAuthentication, "a bearer SAML assertion is accepted only over TLS")
        }
        throw WSSecurityError(.failedAuthentication, "the SAML assertion's subject confirmation is not accepted here")
    }

    /// The holder-of-key confirmation certificate of `assertion` whose signature covers `body`.
    private static func confirmationKey(
        of assertion: HeaderSAMLAssertion, signing body: XMLElement,
        in security: SecurityHeaderResult
    ) -> Certificate? {
        for case .samlAssertion(let id, let key) in security.signingKeys(covering: body) where id == assertion.id {
            return key
        }
        return nil
    }
}
