import Foundation
import SecurityCore
public import SOAP
import StoreProtocols
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore
import XMLSecurity

/// A service secured with WS-SecureConversation, independent of any transport: a request
/// envelope in, a response envelope out (the recipient of the secure-conversation flow).
///
/// - An RST for a security context (Action `{wst}/RST/SCT`) is checked against the
///   ``BootstrapPolicy`` alone and answered with the new context (``SecurityContextIssuer``).
/// - Every other message must be secured with a context under the ``ContextMessagePolicy``:
///   Renew, Amend and Cancel of that context (Actions `…/RST/SCT/Renew`, `…/RST/SCT/Amend`,
///   `…/Cancel`) are answered here, as ``SecureConversationServiceConfiguration/renewal`` and
///   ``SecureConversationServiceConfiguration/amendment`` allow; anything else goes to the
///   handler with the context's identity and claims, and its reply is signed and encrypted with
///   fresh derived keys.
/// - A context established with an issued assertion ends when the assertion's issuer says it
///   was cancelled or renewed (or no longer knows it): every message under it asks.
///
/// Every refusal is a fault in the request's SOAP version: `wsc:BadContextToken` for an unknown,
/// expired or cancelled context, `wsse:FailedCheck` for a signature or decryption that fails,
/// WS-Trust faults for bad requests, always with a safe reason.
///
/// Every lifecycle request (establish, Renew, Amend, Cancel), answered or refused, is reported to
/// ``SecureConversationServiceConfiguration/audit``.
public struct SecureConversationService: Sendable {
    public let configuration: SecureConversationServiceConfiguration
    private let handler: SecureConversationHandler
    private let issuer: SecurityContextIssuer
    private let verifier: ContextMessageVerifier
    /// The verifier of Amend requests: it also validates the certificates of the claims to add,
    /// and accepts their signatures; nil when Amend is refused.
    private let amendVerifier: ContextMessageVerifier?
    private let protector: ContextMessageProtector
    private let decryptionGuard: BootstrapDecryptionGuard

    /// A service that answers application requests with `handler`.
    public init(configuration: SecureConversationServiceConfiguration, handler: @escaping SecureConversationHandler) {
        self.configuration = configuration
        self.handler = handler
        var cookie: SecurityContextCookie?
        if case .cookie(let codec, _) = configuration.keeping { cookie = codec }
        issuer = SecurityContextIssuer(keys: configuration.keys, lifetimes: configuration.lifetimes, cookie: cookie)
        verifier = ContextMessageVerifier(policy: configuration.applicationPolicy, suite: configuration.responseProtection, inbound: configuration.inbound)
        amendVerifier = configuration.amendment.map { amendment in
            var inbound = configuration.inbound
            inbound.trustStore = amendment.trustStore
            // The Amend RST carries no secret; the claims' signatures are over the plaintext Body.
            var policy = configuration.applicationPolicy
            policy.allowedSignatureAlgorithms = policy.signatureAlgorithms(for: configuration.responseProtection)
                .union(amendment.signatureAlgorithms)
            policy.requireEncryptedBody = false
            policy.allowsEndorsingSignatures = true
            return ContextMessageVerifier(policy: policy, suite: configuration.responseProtection, inbound: inbound)
        }
        decryptionGuard = BootstrapDecryptionGuard(
            replayCache: configuration.replayCache, timestampMaxAge: configuration.timestampMaxAge,
            clockSkew: configuration.clockSkew)
        protector = ContextMessageProtector(
            protection: configuration.responseProtection, timestampLifetime: configuration.timestampLifetime,
            clock: configuration.clock)
    }

    /// Handles one request; `action` is the transport's (SOAPAction or the SOAP 1.2 `action`
    /// parameter) and counts only when the message has no `wsa:Action`; `transport` says
    /// whether the request came over TLS, for the bootstraps that rely on it; `clientAddress`
    /// (the transport's, when it knows it) goes to the audit event. Never throws.
    public func handle(
        _ request: SOAPEnvelope, action: String? = nil, transport: TransportSecurity = .unprotected, clientAddress: String? = nil
    ) async -> SOAPEnvelope {
        // Read before the message is verified (outer nil: the headers are not valid), only to
        // choose how to verify it; ``serve`` relies on them once they are verified.
        let addressing: AddressingHeaders??
        do {
            addressing = .some(try AddressingHeaders(reading: request))
        } catch {
            addressing = nil
        }
        let action = addressing??.action ?? action
        let named = action.flatMap(SecureConversationVersion.binding(ofRequestAction:))
        var trust = named?.0.trustVersion ?? .v13
        let audit = ContextAuditTrail(sink: configuration.audit, time: configuration.clock.now, clientAddress: clientAddress)
        audit.version = named?.0
        do {
            // An RST/SCT goes to the bootstrap policy; so does a message without Action that
            // carries no context token. Each path then enforces its own policy in full.
            if named?.1 == .issue || (action == nil && !carriesContextTokens(request)) {
                audit.request = .establish
                return try await establish(request, transport: transport, trust: &trust, audit: audit)
            }
            audit.request = named.flatMap { ContextAuditEvent.Request(binding: $0.1) }
            return try await serve(request, binding: named?.1, addressing: addressing, trust: &trust, audit: audit)
        } catch {
            let fault = Self.fault(for: error, trust: trust)
            audit.refused(fault, in: request.version)
            return fault.envelope(request.version)
        }
    }

    /// Handles an RST for a security context on the bootstrap path alone, whatever its Action
    /// (a token service's clients may send the WS-Trust Issue action, WS-Trust 1.3 §4.1, for a
    /// TokenType of the SCT). `transport` and `clientAddress` are as for
    /// ``handle(_:action:transport:clientAddress:)``. Never throws.
    public func establishContext(
        _ request: SOAPEnvelope, transport: TransportSecurity = .unprotected, clientAddress: String? = nil
    ) async -> SOAPEnvelope {
        var trust = request.bodyPayload.flatMap { WSTrustVersion(namespace: $0.namespaceURI) } ?? .v13
        let audit = ContextAuditTrail(sink: configuration.audit, time: configuration.clock.now, clientAddress: clientAddress)
        audit.request = .establish
        do {
            return try await establish(request, transport: transport, trust: &trust, audit: audit)
        } catch {
            let fault = Self.fault(for: error, trust: trust)
            audit.refused(fault, in: request.version)
            return fault.envelope(request.version)
        }
    }

    /// The fault every refusal is answered with, with a safe reason.
    private static func fault(for error: any Error, trust: WSTrustVersion) -> SOAPFault {
        switch error {
        case let error as WSTrustError: error.fault(trust)
        case is ServiceBusy: ServiceBusy.fault
        case is ContextStateUnavailable: SOAPFault(code: .receiver, reason: "The service could not process the request")
        default: WSSecurityError(error).fault
        }
    }

    // MARK: Establishing (steps 1–2)

    private func establish(
        _ request: SOAPEnvelope, transport: TransportSecurity, trust: inout WSTrustVersion, audit: ContextAuditTrail
    ) async throws -> SOAPEnvelope {
        // Each EncryptedKey is accepted once, and a request with CBC data gets one answer for
        // every failure up to the policy's verdict (no decryption oracle).
        let cbc = BootstrapDecryptionGuard.carriesCBC(request)
        let identity: BootstrapIdentity
        do {
            if let header = try request.securityHeader() {
                try await decryptionGuard.refuseReplayedKeys(under: header, now: configuration.clock.now)
            }
            identity = try await configuration.bootstrap.verify(
                request, inbound: configuration.inbound, credential: configuration.credential,
                transport: transport)
        } catch  where cbc {
            throw BootstrapDecryptionGuard.failure
        }
        guard let payload = request.bodyPayload else { throw WSTrustError(.invalidRequest, "the Body holds no request") }
        let rst = try RequestSecurityToken(element: payload)
        trust = rst.version
        let version = SecureConversationVersion(trustVersion: rst.version)
        audit.version = version
        audit.requestor = identity.owner
        audit.appliesTo = rst.appliesTo?.address
        guard configuration.versions.contains(version) else { throw WSTrustError(.invalidRequest, "this WS-SecureConversation version is not enabled") }
        guard rst.requestType == .issue, rst.tokenType == version.tokenType else {
            throw WSTrustError(.badRequest, "this endpoint issues security context tokens only")
        }
        var owner = identity.owner
        var appliesTo: String?
        if let policy = configuration.contextIssuance {
            let grant = try await policy.grant(
                ContextIssuanceRequest(
                    appliesTo: rst.appliesTo.map { ContextAudience.normalized($0.address) }, requestor: identity.requestor,
                    owner: identity.owner))
            owner = grant.owner
            appliesTo = ContextAudience.normalized(grant.appliesTo)
            audit.requestor = owner
        }
        let entropy = try await clientEntropy(of: rst, identity: identity, request: request)
        let recipient = try identity.certificate.map { certificate in
            do { return try PublicKey(certificate: certificate) } catch {
                throw WSSecurityError(.invalidSecurityToken, "the requestor's certificate key is not supported")
            }
        }
        let issued = try issuer.issue(
            rst, clientEntropy: entropy, owner: owner, assertion: identity.assertion, recipient: recipient,
            now: configuration.clock.now, appliesTo: appliesTo)
        if case .stateful(let store) = configuration.keeping {
            try await ContextStateUnavailable.wrap { try await store.save(issued.record) }
            // Nothing else purges a store in this process's memory (durable stores have
            // their purger): what no Renew can reach any more goes as new contexts come.
            if let memory = store as? InMemorySecurityContextStore {
                _ = memory.purge(expiredBefore: configuration.clock.now.addingTimeInterval(-configuration.renewal.retention))
            }
        }
        audit.context(issued.record)

        let response = replyEnvelope(to: request, addressing: try? AddressingHeaders(reading: request), action: version.responseAction(.issue))
        if rst.version == .v13 && configuration.issueResponseInCollection {
            RequestSecurityTokenResponseCollection(responses: [issued.response]).write(into: response.body, version: rst.version)
        } else {
            issued.response.write(into: response.body)
        }
        var builder = SecurityHeaderBuilder()
        builder.clock = configuration.clock
        builder.timestampLifetime = configuration.timestampLifetime
        var signature = SecurityHeaderBuilder.SignatureOptions(credential: configuration.credential)
        signature.parts = [.body, .timestamp, .addressingHeaders]
        builder.signature = signature
        if let certificate = identity.certificate {
            var encryption = SecurityHeaderBuilder.EncryptionOptions(recipient: certificate)
            // XML-Enc 1.1 §5.2.4: GCM, which authenticates, whenever the requestor showed it
            // accepts it.
            if identity.security.decryptions.contains(where: { $0.algorithm.mode == .gcm }) {
                encryption.algorithm = encryption.algorithm.sameKeyLength(in: .gcm)
            }
            builder.encryption = encryption
        }
        try builder.secure(response)
        audit.finish(.issued)
        return response
    }

    /// The client entropy, refused when the bootstrap policy wants it encrypted and it came in
    /// the clear; an `xenc:EncryptedKey` entropy is decrypted with the service key (RSA-OAEP).
    private func clientEntropy(of rst: RequestSecurityToken, identity: BootstrapIdentity, request: SOAPEnvelope) async throws -> [UInt8]? {
        switch rst.entropy {
        case nil:
            return nil
        case .binarySecret(let secret)?:
            if configuration.bootstrap.requiresEncryptedEntropy, !identity.security.isContentEncrypted(request.body) {
                throw WSSecurityError(.invalidSecurity, "client entropy must be encrypted for the service")
            }
            return secret.value
        case .encrypted(let element)?:
            // Answered like any other bootstrap decryption: one fault, each EncryptedKey once.
            do {
                try await decryptionGuard.refuseReplayedKeys(under: element, now: configuration.clock.now)
                let encryptedKey = try EncryptedKeyElement(element)
                guard case .rsaOAEP(let digest, let mgf1, _) = encryptedKey.transport else { throw BootstrapDecryptionGuard.failure }
                return try configuration.credential.privateKey.decryptOAEP(
                    encryptedKey.cipherValue, digest: digest.algorithm, mgf1: mgf1,
                    label: encryptedKey.oaepLabel)
            } catch {
                throw BootstrapDecryptionGuard.failure
            }
        }
    }

    // MARK: Under a context (steps 4–6, Renew, Cancel)

    /// `addressing` is what ``handle(_:action:transport:clientAddress:)`` read before the message
    /// was verified (nil when it could not read them).
    private func serve(
        _ request: SOAPEnvelope, binding claimed: ContextBinding?, addressing unverified: AddressingHeaders??, trust: inout WSTrustVersion,
        audit: ContextAuditTrail
    ) async throws -> SOAPEnvelope {
        // The Action is not verified yet: it only chooses how to verify, and each choice is
        // checked against the signed Action below.
        if claimed == .amend, amendVerifier == nil {
            throw WSTrustError(.requestFailed, "amending a security context is not supported")
        }
        var amending = claimed == .amend ? amendVerifier : nil
        // SAML claims are validated at the request's instant, once each (the engine resolves a
        // holder-of-key signature's key through the same trust).
        var assertions: SAMLHeaderAssertionTrust?
        if var verifier = amending, let saml = configuration.amendment?.samlIssuers {
            let now = verifier.inbound.clock.now
            let trust = SAMLHeaderAssertionTrust(
                validator: saml.validator(now: now, clockSkew: verifier.inbound.clockSkew, replayCache: verifier.inbound.replayCache))
            verifier.inbound.clock = .fixed(now)
            verifier.inbound.samlKeyResolver = trust
            amending = verifier
            assertions = trust
        }
        var source = configuration.contextSource
        if claimed == .renew, configuration.renewal.retention > 0 {
            source = RenewableAfterExpirySource(base: source, window: configuration.renewal.retention)
        }
        let verified = try await (amending ?? verifier).verify(request, source: source)
        trust = verified.version.trustVersion
        audit.version = verified.version
        audit.context(verified.context)
        guard configuration.versions.contains(verified.version) else {
            throw WSSecurityError(.defined(by: verified.version.faultCodes.unsupportedContextToken), "this WS-SecureConversation version is not enabled")
        }
        // The headers as verified and decrypted, for routing, the handler and the reply. The Action
        // counts once it is known to be signed; a context RST is a lifecycle request.
        let addressing = try Self.verifiedAddressing(of: request, readBefore: unverified, security: verified.security)
        let binding = addressing?.action.flatMap(SecureConversationVersion.binding(ofRequestAction:))?.1 ?? claimed
        audit.request = binding.flatMap(ContextAuditEvent.Request.init(binding:))
        // A context is accepted by the service it was issued for; a token service also renews,
        // cancels and amends the contexts it issued for others (WS-SC 1.3 §3, §5, §6, §7).
        let isLifecycle = binding.map { $0 != .issue } ?? false
        let issuedHere = configuration.contextIssuance != nil && verified.context.appliesTo != nil
        guard configuration.audience.accepts(verified.context) || (isLifecycle && issuedHere) else {
            throw WSSecurityError(.defined(by: verified.version.faultCodes.badContextToken), "the security context is unknown, expired or cancelled")
        }
        // A context past its expiry (found for a Renew within the window) serves its Renew only;
        // the Amend verifier (plaintext Body allowed) serves Amend only.
        if verified.context.expires <= configuration.clock.now, binding != .renew {
            throw StoredContextSource.badContext(verified.version)
        }
        if amending != nil, binding != .amend {
            throw WSSecurityError(.invalidSecurity, "the Body must be encrypted")
        }
        try await checkBootstrapAssertion(of: verified)
        if let binding, binding != .issue {
            return try await lifecycle(binding, request: request, addressing: addressing, verified: verified, assertions: assertions, audit: audit)
        }
        return try await application(request, addressing: addressing, verified: verified)
    }

    private func application(_ request: SOAPEnvelope, addressing: AddressingHeaders?, verified: VerifiedContextMessage) async throws -> SOAPEnvelope {
        let exchange = SecureConversationRequest(
            envelope: request, identity: verified.context.owner, claims: verified.context.claims,
            contextIdentifier: verified.context.identifier, addressing: addressing, security: verified.security)
        let reply: SecureConversationReply
        do {
            reply = try await handler(exchange)
        } catch {
            return SOAPFault(code: .receiver, reason: "The service could not process the request").envelope(request.version)
        }
        if let refusal = reply.refusal { return refusal.envelope(request.version) }
        addressing?.reply(action: reply.action, messageID: RandomIdentifier.uuidURN()).write(toSecured: reply.envelope)
        try protect(reply.envelope, verified: verified)
        return reply.envelope
    }

    private func lifecycle(
        _ binding: ContextBinding, request: SOAPEnvelope, addressing: AddressingHeaders?,
        verified: VerifiedContextMessage, assertions: SAMLHeaderAssertionTrust?, audit: ContextAuditTrail
    ) async throws -> SOAPEnvelope {
        guard let payload = request.bodyPayload else { throw WSTrustError(.invalidRequest, "the Body holds no request") }
        let rst = try RequestSecurityToken(element: payload)
        let version = verified.version
        guard rst.version == version.trustVersion else {
            throw WSTrustError(.invalidRequest, "the request's WS-Trust version does not match the context's")
        }
        let context = verified.context
        let response = replyEnvelope(to: request, addressing: addressing, action: version.responseAction(binding))
        let outcome: ContextAuditEvent.Outcome
        switch (binding, rst.requestType) {
        case (.renew, .renew):
            guard configuration.renewal.allowed else {
                throw WSSecurityError(.defined(by: version.faultCodes.unableToRenew), "this service does not renew security contexts")
            }
            try checkTarget(rst, names: context, in: request)
            // Both entropies travel in the Bodies: in the clear, they would give the new secret
            // away.
            guard verified.security.isContentEncrypted(request.body) else {
                throw WSSecurityError(.invalidSecurity, "a renewal request must have its Body encrypted")
            }
            let entropy: [UInt8]?
            switch rst.entropy {
            case nil: entropy = nil
            case .binarySecret(let secret)?: entropy = secret.value
            case .encrypted?: throw WSTrustError(.invalidRequest, "entropy under a context travels in the encrypted Body")
            }
            let renewed = try issuer.renew(context, request: rst, clientEntropy: entropy, now: configuration.clock.now)
            switch configuration.keeping {
            case .stateful(let store):
                // The new keys replace the Instance this request was secured with, and no other;
                // claims an Amend added meanwhile stay.
                let written = try await update(store, from: context) { current in
                    guard current.instance == context.instance else { return nil }
                    var record = renewed.record
                    record.claims = current.claims
                    return record
                }
                guard written else {
                    throw WSSecurityError(.defined(by: version.faultCodes.unableToRenew), "the security context changed while it was renewed")
                }
            case .cookie(_, let revocations):
                try await ContextStateUnavailable.wrap {
                    try await revocations.revoke(identifier: context.identifier, instance: context.instance, until: revokedUntil(context))
                }
            }
            renewed.response.write(into: response.body)
            audit.context(renewed.record)
            outcome = .renewed
        case (.cancel, .cancel):
            try checkTarget(rst, names: context, in: request)
            switch configuration.keeping {
            case .stateful(let store): _ = try await ContextStateUnavailable.wrap { try await store.cancel(identifier: context.identifier) }
            case .cookie(_, let revocations):
                try await ContextStateUnavailable.wrap {
                    try await revocations.revoke(identifier: context.identifier, instance: nil, until: revokedUntil(context))
                }
            }
            var cancelled = RequestSecurityTokenResponse(version: rst.version)
            cancelled.context = rst.context
            cancelled.requestedTokenCancelled = true
            cancelled.write(into: response.body)
            outcome = .cancelled
        case (.amend, .issue):
            // WS-SC 1.3 §7: the request's RequestType is Issue; what it amends is the context it
            // is secured with, and a target, when named, must be that context.
            guard let amendment = configuration.amendment else { throw WSTrustError(.requestFailed, "amending a security context is not supported") }
            if rst.target != nil { try checkTarget(rst, names: context, in: request) }
            let amended = try issuer.amend(
                try await ContextAmendment.amend(
                    context, security: verified.security, body: request.body, policy: amendment, assertions: assertions),
                request: rst)
            // A cookie context needs no write: its new cookie carries the claims, and the old one
            // (with fewer claims, the same keys) grants nothing the new one does not.
            if case .stateful(let store) = configuration.keeping {
                // The claims this request adds, onto the context as stored (a Renew may have given
                // it new keys meanwhile).
                let added = amended.record.claims.filter { !context.claims.contains($0) }
                let written = try await update(store, from: context) { current in
                    var record = current
                    for claim in added where claim != current.owner && !record.claims.contains(claim) { record.claims.append(claim) }
                    return record.claims.count <= amendment.maximumClaims ? record : nil
                }
                guard written else { throw WSTrustError(.requestFailed, "the security context could not be amended") }
            }
            amended.response.write(into: response.body)
            outcome = .amended
        default:
            throw WSTrustError(.invalidRequest, "the RequestType does not match the Action")
        }
        // Answered under the keys the request was secured with (a renewal's new keys are the
        // requestor's to compute; a cancelled context's keys still protect this last message),
        // the Body always encrypted.
        try protect(response, verified: verified, encryptBody: true)
        audit.finish(outcome)
        return response
    }

    /// The addressing headers of `request` once its security header was processed: `unverified`,
    /// what was read before, when processing decrypted nothing outside the Body (the header blocks
    /// are then the elements read before), else read again.
    static func verifiedAddressing(
        of request: SOAPEnvelope, readBefore unverified: AddressingHeaders??, security: SecurityHeaderResult
    ) throws -> AddressingHeaders? {
        if let unverified, security.decryptions.allSatisfy({ $0.parent == request.body }) { return unverified }
        return try AddressingHeaders(reading: request)
    }

    /// Most times a lifecycle change is applied again to a context another request changed
    /// meanwhile.
    private static let updateAttempts = 8

    /// Writes `change` of the stored context from `context` (as the request was verified under
    /// it) with the store's compare-and-set; when another request changed it first, reads it
    /// again and applies `change` to that, up to ``updateAttempts`` times. False when `change`
    /// gives up (nil), the context was cancelled, or the attempts ran out.
    private func update(
        _ store: any SecurityContextStore, from context: SecurityContextRecord,
        _ change: (SecurityContextRecord) -> SecurityContextRecord?
    ) async throws -> Bool {
        var current = context
        for _ in 0..<Self.updateAttempts {
            guard let updated = change(current) else { return false }
            let expected = current
            if try await ContextStateUnavailable.wrap({ try await store.replace(expected, with: updated) }) { return true }
            guard let stored = try await ContextStateUnavailable.wrap({ try await store.context(identifier: context.identifier) }),
                stored.status == .active
            else { return false }
            current = stored
        }
        return false
    }

    /// Until when a cancelled or replaced context must stay revoked: as long as it could be used,
    /// or renewed after its expiry.
    private func revokedUntil(_ context: SecurityContextRecord) -> Date {
        context.expires.addingTimeInterval(configuration.renewal.retention)
    }

    /// Ends a context established with an issued assertion once the assertion's issuer says it
    /// was cancelled or renewed, or no longer knows it (WS-Trust 1.3 §8, §10): the context is
    /// cancelled for every instance, and the message refused with `wsc:BadContextToken`.
    private func checkBootstrapAssertion(of verified: VerifiedContextMessage) async throws {
        guard let assertion = verified.context.bootstrapAssertion, case .issuedSAML(let saml) = configuration.bootstrap,
            let status = try await saml.status(ofAssertion: assertion.id, issuer: assertion.issuer), status != .current
        else { return }
        let context = verified.context
        switch configuration.keeping {
        case .stateful(let store): _ = try await ContextStateUnavailable.wrap { try await store.cancel(identifier: context.identifier) }
        case .cookie(_, let revocations):
            try await ContextStateUnavailable.wrap {
                try await revocations.revoke(identifier: context.identifier, instance: nil, until: revokedUntil(context))
            }
        }
        throw StoredContextSource.badContext(verified.version)
    }

    /// Refuses a Renew or Cancel whose target is not the context the request is signed with.
    private func checkTarget(_ rst: RequestSecurityToken, names context: SecurityContextRecord, in request: SOAPEnvelope) throws {
        guard let target = rst.target else { throw WSTrustError(.invalidRequest, "the request names no context") }
        var token = target
        if target.is("SecurityTokenReference", WSSNamespace.secext) {
            guard case .reference(let uri, _) = try SecurityTokenReference(element: target).form else {
                throw WSTrustError(.invalidRequest, "the context must be referenced by Identifier or wsu:Id")
            }
            guard uri.hasPrefix("#") else {
                guard uri == context.identifier else { throw WSTrustError(.invalidRequest, "the request targets another context") }
                return
            }
            guard let element = try IDIndex(request.document)[String(uri.dropFirst())] else {
                throw WSTrustError(.invalidRequest, "the referenced context is not in the message")
            }
            token = element
        }
        guard try SecurityContextToken(element: token).identifier == context.identifier else {
            throw WSTrustError(.invalidRequest, "the request targets another context")
        }
    }

    // MARK: Responses

    /// An empty response in the request's SOAP version, addressed as the reply to `addressing`.
    private func replyEnvelope(to request: SOAPEnvelope, addressing: AddressingHeaders?, action: String) -> SOAPEnvelope {
        let response = SOAPEnvelope(version: request.version)
        addressing?.reply(action: action, messageID: RandomIdentifier.uuidURN()).write(toSecured: response)
        return response
    }

    private func protect(_ response: SOAPEnvelope, verified: VerifiedContextMessage, encryptBody: Bool = false) throws {
        var protector = self.protector
        protector.protection.encryptBody = protector.protection.encryptBody || encryptBody
        // XML-Enc 1.1 §5.2.4: GCM, which authenticates, whenever the requestor showed it accepts
        // it.
        if verified.senderUsesGCM {
            protector.protection.encryptionAlgorithm = protector.protection.encryptionAlgorithm.sameKeyLength(in: .gcm)
        }
        let token = SecurityContextToken(version: verified.version, identifier: verified.context.identifier, instance: verified.context.instance)
        let confirmations = configuration.signatureConfirmation ? verified.security.signatures.map(\.verified.signatureValue) : nil
        try protector.protect(response, token: token, secret: verified.context.secret, includeToken: false, signatureConfirmations: confirmations)
    }

    /// Whether the security header holds a WS-SecureConversation token (a message under a context).
    private func carriesContextTokens(_ request: SOAPEnvelope) -> Bool {
        guard let security = try? request.securityHeader() else { return false }
        return security.children.contains { SecureConversationVersion(namespace: $0.namespaceURI) != nil }
    }
}

/// The context store or revocation list failed: answered with a `Receiver` fault, since the
/// request itself may be fine.
struct ContextStateUnavailable: Error {
    static func wrap<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw ContextStateUnavailable() }
    }
}

extension ContextAuditEvent.Request {
    /// The audited request under a context; nil for an application message (under a context,
    /// the Issue binding is served as one).
    init?(binding: ContextBinding) {
        switch binding {
        case .issue: return nil
        case .renew: self = .renew
        case .amend: self = .amend
        case .cancel: self = .cancel
        }
    }
}
