import Foundation
import SAML
import SecurityCore
public import SOAP
import StoreProtocols
import WSSecurity
import WSTrust
import XMLCore

/// The token service of the token-transformation scenario, independent of any transport: a request
/// envelope in, a response envelope out. Each request goes through one pipeline:
///
/// 1. **Security header** — processed by the WS-Security engine (signatures verified against
///    trusted keys, passwords checked against the user directory, SAML holder-of-key keys
///    resolved, replay caches, a Timestamp required).
/// 2. **Authenticate** — the first of the endpoint's ``RequestorAuthenticator``s that finds its
///    credential decides who the requestor is.
/// 3. **Read** — the RST (WS-Trust 1.3 with 1.4 ActAs, or the 2005/02 namespace), checked
///    against the `wsa:Action` and HTTP SOAPAction.
/// 4. **Dispatch** by RequestType — Issue (delegation and identity mapping included),
///    Validate, Renew, Cancel — with every issued token recorded in the token store first.
/// 5. **Respond** — in the request's SOAP version and WS-Trust namespace, signed by the STS.
///
/// Every refusal becomes a WSS or WS-Trust fault with a safe reason, and every request ends in
/// one ``AuditEvent``.
public struct SecurityTokenService: Sendable {
    public let configuration: STSConfiguration
    let issuer: TokenIssuer
    let samlTrust: SAMLTrust
    let ownTokens: OwnTokenCheck
    /// Verifies the STS's own JWTs with the public halves of its JWT keys.
    let ownJWTs: OwnJWTVerifier
    /// The token store, when it is also the replay cache: a token record and the replay entries
    /// of the request that asked for it are then written in one transaction.
    let replayRecordingStore: (any ReplayRecordingTokenStore)?

    public init(configuration: STSConfiguration) {
        self.configuration = configuration
        issuer = TokenIssuer(
            issuerName: configuration.issuerName, credential: configuration.signingCredential,
            jwtKeys: configuration.jwtKeys, proofKeyPolicy: configuration.proofKeys)
        samlTrust = SAMLTrust(
            issuers: configuration.samlIssuers, ownIssuer: configuration.issuerName,
            ownCertificate: configuration.signingCredential.certificate,
            signaturePolicy: configuration.inbound.signaturePolicy)
        ownTokens = OwnTokenCheck(trust: samlTrust, store: configuration.tokenStore, renewal: configuration.renewal)
        ownJWTs = OwnJWTVerifier(issuerName: configuration.issuerName, keys: issuer.jwt.keys.map(\.verificationKey))
        replayRecordingStore = (configuration.tokenStore as? any ReplayRecordingTokenStore).flatMap { store in
            (store as AnyObject) === (configuration.inbound.replayCache as AnyObject) ? store : nil
        }
    }

    /// Handles one request. Never throws: failures are answered with faults.
    ///
    /// The response is made to be sent: an issued SAML 2.0 assertion (and its references) stands
    /// in it as the bytes the issuer wrote, through ``XMLCore/VerbatimElement`` placeholders that
    /// serialization and canonicalization fill in, so the tree holds the assertion's name and ID
    /// only. Read the token from the serialized response, parsed, as a requestor does.
    public func handle(_ request: SOAPEnvelope, context: STSRequestContext = STSRequestContext()) async -> SOAPEnvelope {
        let now = configuration.inbound.clock.now
        let audit = AuditTrail(time: now, context: context)
        // Read once: the action is checked (malformed headers are refused there), the reply
        // headers answer them, the audit event records the MessageID.
        let addressing: Result<AddressingHeaders?, any Error> =
            if let read = context.addressing { .success(read) } else { Result { try AddressingHeaders(reading: request) } }
        audit.event.messageID = try? addressing.get()?.messageID
        let response: SOAPEnvelope
        // The engine leaves the request's replay entries to this pipeline: written with the
        // token record when an Issue or Renew stores one, on their own before any other answer.
        let replay = RequestReplayEntries()
        let replayCache = configuration.inbound.replayCache
        do {
            let input = try await processSecurity(of: request, context: context, now: now)
            replay.hold(input.security.deferredReplayEntries)
            let requestor = try await authenticate(input)
            audit.requestor(requestor)
            let rst = try read(request, addressing: addressing.get(), context: context)
            audit.request(rst)
            if rst.requestType != .issue && rst.requestType != .renew {
                try await replay.recordOnTheirOwn(in: replayCache, now: now)
            }
            let trustRequest = TrustRequest(rst: rst, requestor: requestor, input: input, audit: audit, replay: replay)
            let rstr =
                switch rst.requestType {
                case .issue: try await issue(trustRequest)
                case .validate: try await validate(trustRequest)
                case .renew: try await renew(trustRequest)
                case .cancel: try await cancel(trustRequest)
                }
            try await replay.recordOnTheirOwn(in: replayCache, now: now)
            response = try respond(rstr, to: request, addressing: try? addressing.get(), type: rst.requestType, context: context)
        } catch {
            var failure = error
            do {
                try await replay.recordOnTheirOwn(in: replayCache, now: now)
            } catch {
                // A replayed request is refused as a replay, whatever else is wrong with it.
                failure = error
            }
            let version = request.bodyPayload.flatMap { WSTrustVersion(namespace: $0.namespaceURI) } ?? .v13
            let fault = Self.fault(for: failure, version: version)
            audit.presented(request)
            audit.event.outcome = .refused(fault: fault.subcode ?? fault.code.qualifiedName(in: request.version), reason: fault.reason)
            response = faultResponse(fault, to: request, addressing: try? addressing.get())
        }
        configuration.audit?(audit.event)
        return response
    }

    // MARK: Pipeline stages

    /// Runs the WS-Security engine with this request's transport facts: the user directory
    /// checks header passwords only when this endpoint accepts them, and header SAML
    /// assertions are judged by the trusted issuers. The engine requires a Timestamp; which
    /// parts must be signed by whom is each authenticator's rule.
    func processSecurity(of request: SOAPEnvelope, context: STSRequestContext, now: Date) async throws -> AuthenticationInput {
        let authenticators = context.authenticators ?? configuration.authenticators
        var inbound = configuration.inbound
        inbound.clock = .fixed(now)
        inbound.replayRecording = .deferredToReceiver
        let headerAssertions = SAMLHeaderAssertionTrust(
            validator: samlTrust.validator(
                for: .authentication(audiences: configuration.audiences), now: now,
                clockSkew: configuration.inbound.clockSkew, replayCache: configuration.inbound.replayCache))
        inbound.samlKeyResolver = headerAssertions
        if let users = configuration.users, authenticators.contains(where: { $0 is UsernamePasswordAuthentication }) {
            inbound.usernameAuthenticator = DirectoryPasswordAuthenticator(
                directory: users, transportIsSecure: context.transportIsSecure,
                digestWithoutTLS: configuration.acceptsPasswordDigestWithoutTLS,
                pool: configuration.passwordChecks)
        } else {
            inbound.usernameAuthenticator = nil
        }
        var policy = SecurityPolicy.none
        policy.requireTimestamp = configuration.requireTimestamp
        let security = try await WSSecurityEngine(configuration: inbound, policy: policy).process(request)
        return AuthenticationInput(
            envelope: request, security: security, context: context, configuration: configuration,
            now: now, headerAssertions: headerAssertions, ownTokens: ownTokens)
    }

    /// The first authenticator that recognises a credential decides.
    func authenticate(_ input: AuthenticationInput) async throws -> AuthenticatedRequestor {
        for authenticator in input.context.authenticators ?? configuration.authenticators {
            if let requestor = try await authenticator.authenticate(input) { return requestor }
        }
        throw WSTrustError(.failedAuthentication, "the request carries no credential this endpoint accepts")
    }

    /// Reads the RST from the Body and checks the actions the message states: `wsa:Action` (from
    /// `addressing`, the request's headers) and the transport's SOAPAction must agree with each
    /// other, and a WS-Trust request action must be the one for this RequestType and version (an
    /// action that is not a WS-Trust RST action, or none, is not judged).
    func read(_ request: SOAPEnvelope, addressing: AddressingHeaders?, context: STSRequestContext) throws -> RequestSecurityToken {
        guard let payload = request.bodyPayload, request.body.children.count == 1 else {
            throw WSTrustError(.invalidRequest, "the Body must hold exactly one RequestSecurityToken")
        }
        let rst = try RequestSecurityToken(element: payload)
        let addressed = addressing?.action
        let transported = context.soapAction.map(Self.unquoted).flatMap { $0.isEmpty ? nil : $0 }
        if let addressed, let transported, addressed != transported {
            throw WSTrustError(.invalidRequest, "the SOAPAction does not match wsa:Action")
        }
        if let action = addressed ?? transported, Self.trustRequestActions.contains(action), action != rst.version.requestAction(rst.requestType) {
            throw WSTrustError(.invalidRequest, "the action does not match the RequestType")
        }
        return rst
    }

    /// The HTTP SOAPAction without the quotes, spaces and tabs around it (SOAP 1.1 §6.1.1 quotes
    /// it).
    static func unquoted(_ action: String) -> String {
        let isPadding: (Character) -> Bool = { $0 == "\"" || $0 == " " || $0 == "\t" }
        guard let first = action.firstIndex(where: { !isPadding($0) }), let last = action.lastIndex(where: { !isPadding($0) }) else { return "" }
        return String(action[first...last])
    }

    private static let trustRequestActions: Set<String> = Set(
        WSTrustVersion.allCases.flatMap { version in
            RequestType.allCases.map { version.requestAction($0) }
        })

    /// Maps any failure to its fault, in one place: WS-Trust and WS-Security errors carry their
    /// own codes and safe reasons; anything else is `wst:RequestFailed` without detail.
    static func fault(for error: any Error, version: WSTrustVersion) -> SOAPFault {
        switch error {
        case is ServiceBusy: ServiceBusy.fault
        case let error as WSTrustError: error.fault(version)
        case let error as WSSecurityError: error.fault
        case let error as SAMLError: WSTrustError(.invalidSecurityToken, error.reason).fault(version)
        case let error as SOAPError: WSSecurityError(error).fault
        case is XMLError: WSTrustError(.invalidRequest, "the request is malformed").fault(version)
        default: WSTrustError(.requestFailed, "the request could not be processed").fault(version)
        }
    }
}
