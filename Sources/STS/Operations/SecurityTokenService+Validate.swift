import Foundation
import SAML
import StoreProtocols
import WSTrust
import XMLCore

extension SecurityTokenService {
    /// What Validate concluded about its target.
    enum ValidationVerdict {
        /// Valid; the identity when the token itself was presented (a reference by identifier
        /// establishes validity only).
        case valid(AuthenticatedIdentity?)
        case invalid(reason: String)
    }

    /// Validate (WS-Trust 1.3 §7) of a SAML assertion (the STS's own or a trusted issuer's), a
    /// JWT the STS issued, a UsernameToken identity assertion the STS issued (looked up in the
    /// token store by its `wsu:Id`, for the same username), or a reference to a token of the STS
    /// by its identifier. With no
    /// TokenType or the Status type, the answer is a `wst:Status` valid/invalid with a reason.
    /// With another TokenType, a valid token is exchanged for a new one for the same identity,
    /// as CXF's STS does: the relying party configured for AppliesTo decides its type as for
    /// Issue, it is recorded, and the requestor must be allowed to delegate (it obtains a token
    /// for someone else). A UsernameToken or a reference proves no identity: status only.
    ///
    /// A target the STS cannot judge, or judges invalid, is answered with Status invalid, not a
    /// fault; a request without a ValidateTarget is `wst:InvalidRequest`.
    func validate(_ request: TrustRequest) async throws -> RequestSecurityTokenResponse {
        let rst = request.rst
        guard let element = rst.target else {
            throw WSTrustError(.invalidRequest, "the request has no ValidateTarget")
        }
        let statusType = TokenType(rawValue: request.version.statusTokenType)
        let statusOnly = rst.tokenType == nil || rst.tokenType == statusType
        let target = try TokenTarget(element)
        let verdict = try await judge(target, element: element, request: request, exchanging: !statusOnly)

        var response = RequestSecurityTokenResponse(version: request.version)
        response.context = rst.context
        switch verdict {
        case .valid(let identity?) where !statusOnly:
            guard request.requestor.mayDelegate else {
                throw WSTrustError(.failedAuthentication, "the requestor may not exchange tokens for others")
            }
            request.audit.event.delegatedIdentity = identity.name
            let decision = try IssuanceDecision(request: rst, registry: configuration.relyingParties)
            request.audit.event.relyingParty = decision.relyingParty?.name
            let token = try await issueToken(for: identity, actor: nil, decision: decision, request: request)
            response = token.response
            response.status = .init(valid: true, reason: Self.validReason)
            request.audit.event.outcome = .validated(
                valid: true, reason: Self.validReason,
                issued: request.audit.token(token.id, token.tokenType, subject: token.subject, lifetime: token.token.lifetime))
        case .valid(nil) where !statusOnly:
            throw WSTrustError(.invalidRequest, "a token referenced by identifier, or a UsernameToken, can be validated for its status only")
        case .valid:
            response.tokenType = statusType
            response.status = .init(valid: true, reason: Self.validReason)
            request.audit.event.outcome = .validated(valid: true, reason: Self.validReason, issued: nil)
        case .invalid(let reason):
            if statusOnly { response.tokenType = statusType }
            response.status = .init(valid: false, reason: reason)
            request.audit.event.outcome = .validated(valid: false, reason: reason, issued: nil)
        }
        return response
    }

    static let validReason = "the token is valid"

    private func judge(_ target: TokenTarget, element: XMLElement, request: TrustRequest, exchanging: Bool) async throws -> ValidationVerdict {
        switch target {
        case .samlAssertion:
            let inbound = configuration.inbound
            // Asking whether a token is valid for AppliesTo checks its audience; exchanging it
            // for a token for AppliesTo does not (it was addressed to the requestor).
            let audience = exchanging ? nil : request.rst.appliesTo?.address
            let validator = samlTrust.validator(
                for: .validation(audience: audience, consumes: exchanging), now: request.now,
                clockSkew: inbound.clockSkew, replayCache: inbound.replayCache)
            let validated: ValidatedSAMLAssertion
            do {
                validated = try await validator.validate(element)
            } catch let error as SAMLError {
                return .invalid(reason: error.reason)
            }
            if let reason = Self.invalidReason(try await ownTokens.status(of: validated.facts)) {
                return .invalid(reason: reason)
            }
            do {
                return .valid(try validated.identity(realm: samlTrust.realm(of: validated.facts.issuer)))
            } catch {
                return .invalid(reason: error.reason)
            }
        case .jwt(let jwt):
            return try await judge(jwt: jwt, request: request, exchanging: exchanging)
        case .reference(let id):
            return try await judgeRecord(id: id, request: request) { _ in true }
        case .usernameToken(let token, let id):
            // Not signed, so the token only names a record: it must be the one the STS issued
            // under this wsu:Id, to this username.
            guard let id else { return .invalid(reason: "the token is not known to this STS") }
            return try await judgeRecord(id: id, request: request) { $0.isUsernameToken(token) }
        case .other(let localName):
            return .invalid(reason: "tokens of type \(localName) are not validated here")
        }
    }

    /// The status of the token the store records under `id`, when `matches` accepts the record:
    /// valid while `issued` and not expired. Status only, as the presented token proves no
    /// identity. A token's status is its requestor's business (or a configured auditor's): to
    /// anyone else a token of another requestor is as unknown as one that does not exist.
    private func judgeRecord(id: String, request: TrustRequest, matches: (IssuedTokenRecord) -> Bool) async throws -> ValidationVerdict {
        guard let record = try await storedRecord(id: id), matches(record),
            record.requestor == request.requestor.id || configuration.statusAuditors.contains(request.requestor.id)
        else {
            return .invalid(reason: "the token is not known to this STS")
        }
        if let reason = Self.invalidReason(record.status) { return .invalid(reason: reason) }
        guard request.now < record.expires.addingTimeInterval(configuration.inbound.clockSkew) else {
            return .invalid(reason: "the token has expired")
        }
        return .valid(nil)
    }

    /// Why a token the STS issued is no longer valid, or nil when it is.
    static func invalidReason(_ status: OwnTokenCheck.Status) -> String? {
        switch status {
        case .notOwn, .current: nil
        case .unknown: "the token is not known to this STS"
        case .cancelled: "the token was cancelled"
        case .renewed: "the token was replaced by a renewed one"
        }
    }

    static func invalidReason(_ status: IssuedTokenRecord.Status) -> String? {
        switch status {
        case .issued: nil
        case .cancelled: "the token was cancelled"
        case .renewed: "the token was replaced by a renewed one"
        }
    }
}
