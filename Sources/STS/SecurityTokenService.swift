import Foundation
import SOAP
import WSSecurity
import WSTrust
import X509
import XMLCore

/// The token service of seed 004, independent of any transport: a request envelope in, a
/// response envelope out. The request must be signed (Body and Timestamp) by a trusted
/// requestor's X.509 key; OnBehalfOf is honoured only for requestors allowed to delegate; the
/// relying party configured for AppliesTo decides the token type. Every refusal becomes a WSS or
/// WS-Trust fault in the request's SOAP version and WS-Trust namespace, with a safe reason.
public struct SecurityTokenService: Sendable {
    public let configuration: STSConfiguration
    private let issuer: SAMLTokenIssuer

    public init(configuration: STSConfiguration) {
        self.configuration = configuration
        issuer = SAMLTokenIssuer(issuerName: configuration.issuerName, credential: configuration.signingCredential)
    }

    /// Handles one request. Never throws: failures are answered with faults.
    public func handle(_ request: SOAPEnvelope) async -> SOAPEnvelope {
        let version = request.bodyPayload.flatMap { WSTrustVersion(namespace: $0.namespaceURI) } ?? .v13
        do {
            let security = try await WSSecurityEngine(configuration: configuration.inbound).process(request)
            return try await issueResponse(to: request, security: security)
        } catch let error as WSTrustError {
            return error.fault(version).envelope(request.version)
        } catch {
            return WSSecurityError(error).fault.envelope(request.version)
        }
    }

    private func issueResponse(to request: SOAPEnvelope, security: SecurityHeaderResult) async throws -> SOAPEnvelope {
        guard let payload = request.bodyPayload else { throw WSTrustError(.invalidRequest, "the Body holds no request") }
        let rst = try RequestSecurityToken(element: payload)
        guard rst.requestType == .issue else {
            throw WSTrustError(.invalidRequest, "\(rst.requestType.name) is not supported by this endpoint")
        }
        // The requestor is whoever signed the Body the request is read from, not merely some
        // signer in the header: a second trusted signature over the Timestamp alone proves nothing
        // about the request.
        let bodySigners = security.signatures(covering: request.body).compactMap { signature -> Certificate? in
            if case .x509(let certificate, _) = signature.token { return certificate }
            return nil
        }
        guard let requestor = configuration.requestors.first(where: { bodySigners.contains($0.certificate) }) else {
            throw WSTrustError(.failedAuthentication, "the requestor is not trusted")
        }
        let now = configuration.inbound.clock.now
        let subject = try await subject(of: rst, requestor: requestor, now: now)
        let decision = try IssuanceDecision(request: rst, registry: configuration.relyingParties)
        let lifetime = try configuration.lifetimes.lifetime(requested: rst.lifetime, partyLifetime: decision.relyingParty?.lifetime, now: now)
        let token = try issuer.issue(for: subject, decision: decision, lifetime: lifetime, now: now)
        let rstr = issuer.response(for: token, decision: decision, version: rst.version, context: rst.context)

        let response = SOAPEnvelope(version: request.version)
        if let addressing = try AddressingHeaders(reading: request) {
            addressing.reply(action: rst.version.responseAction(.issue)).write(to: response)
        }
        switch rst.version {
        case .v13: RequestSecurityTokenResponseCollection(responses: [rstr]).write(into: response.body, version: rst.version)
        case .v200502: rstr.write(into: response.body)
        }
        var builder = SecurityHeaderBuilder()
        builder.clock = configuration.inbound.clock
        if configuration.signResponses {
            builder.signature = .init(credential: configuration.signingCredential)
        }
        try builder.secure(response)
        return response
    }

    /// The identity the token is for: the OnBehalfOf identity when a delegating requestor gives
    /// one, otherwise the requestor itself.
    private func subject(of rst: RequestSecurityToken, requestor: TrustedRequestor, now: Date) async throws -> IssuedSubject {
        guard let delegated = rst.onBehalfOf ?? rst.actAs else {
            return IssuedSubject(name: requestor.certificate.subject.description, nameQualifier: configuration.nameQualifier,
                                 authentication: .x509, authenticationInstant: now)
        }
        guard requestor.mayDelegate else {
            throw WSTrustError(.failedAuthentication, "the requestor may not ask for tokens on behalf of others")
        }
        guard delegated.is("UsernameToken", WSSNamespace.secext) else {
            throw WSTrustError(.invalidRequest, "unsupported OnBehalfOf token \(delegated.name.localName)")
        }
        let token: UsernameToken
        do {
            token = try UsernameToken(element: delegated)
            let inbound = configuration.inbound
            try await token.checkFreshnessAndReplay(now: now, skew: inbound.clockSkew, maxAge: inbound.usernameTokenMaxAge, replayCache: inbound.replayCache)
        } catch let error as WSSecurityError {
            throw WSTrustError(error.code == .messageExpired ? .expiredData : .invalidSecurityToken, error.reason)
        }
        guard token.password == nil else {
            throw WSTrustError(.invalidRequest, "an OnBehalfOf UsernameToken is an identity assertion and carries no password")
        }
        return IssuedSubject(name: token.username, nameQualifier: configuration.nameQualifier, authentication: .unspecified,
                             authenticationInstant: now, actor: rst.actAs != nil ? requestor.name : nil)
    }
}
