import Foundation
import StoreProtocols
import WSTrust

extension SecurityTokenService {
    /// Issue (WS-Trust 1.3 §4): the token is for the requestor, or for the identity in
    /// OnBehalfOf / ActAs when the requestor may delegate; the relying party configured for
    /// AppliesTo decides the token type, whatever the request's TokenType says.
    func issue(_ request: TrustRequest) async throws -> RequestSecurityTokenResponse {
        let (identity, actor) = try await subject(of: request)
        let decision = try IssuanceDecision(request: request.rst, registry: configuration.relyingParties)
        request.audit.event.relyingParty = decision.relyingParty?.name
        request.audit.event.tokenType = decision.tokenType
        let token = try await issueToken(for: identity, actor: actor, decision: decision, request: request)
        request.audit.event.outcome = .issued(request.audit.token(token.id, token.tokenType, subject: token.subject, lifetime: token.token.lifetime))
        return token.response
    }

    /// The identity the token is for, and the actor to record (ActAs).
    func subject(of request: TrustRequest) async throws -> (AuthenticatedIdentity, actor: String?) {
        let rst = request.rst
        guard rst.onBehalfOf == nil || rst.actAs == nil else {
            throw WSTrustError(.invalidRequest, "OnBehalfOf and ActAs cannot be combined")
        }
        guard let token = rst.onBehalfOf ?? rst.actAs else { return (request.requestor.identity, nil) }
        request.audit.event.delegation = rst.actAs != nil ? .actAs : .onBehalfOf
        guard request.requestor.mayDelegate else {
            throw WSTrustError(.failedAuthentication, "the requestor may not ask for tokens on behalf of others")
        }
        let validation = DelegatedTokenValidation(configuration: configuration, ownTokens: ownTokens, context: request.input.context, now: request.now)
        let identity = try await validation.identity(of: token, assertedBy: request.requestor)
        request.audit.event.delegatedIdentity = identity.name
        return (identity, rst.actAs != nil ? request.requestor.name : nil)
    }

    /// A token issued and recorded: what Issue, a transforming Validate and Renew return.
    struct RecordedToken {
        let token: IssuedToken
        /// The RSTR carrying the token and its proof material.
        let response: RequestSecurityTokenResponse
        /// The issued subject (after identity mapping).
        let subject: String
        var id: String { token.id }
        var tokenType: TokenType { token.tokenType }
    }

    /// Maps `identity`, issues the token `decision` calls for with the requested lifetime, and
    /// records it in the token store before anything is returned.
    func issueToken(for identity: AuthenticatedIdentity, actor: String?, decision: IssuanceDecision, request: TrustRequest) async throws -> RecordedToken {
        let rst = request.rst
        try decision.relyingParty?.authorization?.authorize(request.requestor, for: identity)
        let mapped = try configuration.identityMapping.map(identity)
        let lifetime = try configuration.lifetimes.lifetime(requested: rst.lifetime, partyLifetime: decision.relyingParty?.lifetime, now: request.now)
        var subject = IssuedSubject(
            name: mapped.name, nameQualifier: configuration.nameQualifier, authentication: mapped.authentication,
            authenticationInstant: mapped.authenticationInstant,
            attributes: mapped.attributes.map { ($0.name, $0.values) }, actor: actor)
        if actor != nil { subject.priorDelegates = mapped.delegates }
        // Proof keys are bound to what the header proved: the keys that signed the Body holding
        // the RST, and whether the channel is confidential.
        let facts = RequestorKeyFacts(
            signatures: request.input.security.signatures(covering: request.input.envelope.body),
            confidentialChannel: request.input.context.transportIsSecure)
        let issuance = try await issuer.issue(for: rst, subject: subject, decision: decision, lifetime: lifetime, requestor: facts, now: request.now)
        let token = issuance.token
        let party = decision.relyingParty?.name
        // A UsernameToken has no validity of its own to extend: a new one is a new Issue.
        let renewable = token.tokenType != .usernameToken
        try await record(
            request,
            IssuedTokenRecord(
                id: token.id, tokenType: token.tokenType.rawValue, subject: mapped.name, requestor: request.requestor.id,
                appliesTo: decision.appliesTo, relyingParty: party,
                created: lifetime.created ?? request.now, expires: lifetime.expires ?? request.now,
                renewable: renewable && configuration.renewal.isRenewable(requested: rst.renewing, relyingParty: party),
                renewableAfterExpiry: renewable && configuration.renewal.isRenewableAfterExpiry(requested: rst.renewing, relyingParty: party)))
        return RecordedToken(token: token, response: issuance.response, subject: mapped.name)
    }

    /// Inserts `record` with the request's replay entries still held (one transaction when the
    /// store is the replay cache); an issuance is acknowledged only once its record is stored,
    /// and refused as a replay when another request recorded one of those entries first.
    func record(_ request: TrustRequest, _ record: IssuedTokenRecord) async throws {
        try await request.replay.insert(
            record, into: configuration.tokenStore, ledger: replayRecordingStore, cache: configuration.inbound.replayCache, now: request.now)
    }
}
