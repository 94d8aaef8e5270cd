import Foundation
import StoreProtocols
import WSTrust

extension SecurityTokenService {
    /// Cancel (WS-Trust 1.3 §10): the CancelTarget — the token (a SAML assertion, a JWT whose
    /// signature and issuer are verified first, or a UsernameToken identity assertion by its
    /// `wsu:Id` and username), or a SecurityTokenReference naming it by
    /// identifier — must be a token the STS issued to this requestor and that is
    /// still `issued`; it moves to `cancelled` at once, so later Validate calls say invalid and
    /// Renew refuses. The answer is an RSTR with `wst:RequestedTokenCancelled`. A token that is
    /// unknown, already cancelled or renewed is `wst:RequestFailed`.
    func cancel(_ request: TrustRequest) async throws -> RequestSecurityTokenResponse {
        guard let element = request.rst.target else {
            throw WSTrustError(.invalidRequest, "the request has no CancelTarget")
        }
        let target = try TokenTarget(element)
        let id: String
        if case .jwt(let jwt) = target {
            id = try await verifiedID(ofJWT: jwt)
        } else if let targetID = target.id {
            id = targetID
        } else {
            throw WSTrustError(.invalidRequest, "CancelTarget must hold a SAML assertion, a JWT of this STS or a reference to a token of this STS")
        }
        guard let record = try await storedRecord(id: id), Self.target(target, names: record) else {
            throw WSTrustError(.requestFailed, "the token is not known to this STS")
        }
        guard record.requestor == request.requestor.id else {
            throw WSTrustError(.failedAuthentication, "the token was issued to another requestor")
        }
        request.audit.event.appliesTo = record.appliesTo
        request.audit.event.relyingParty = record.relyingParty
        if let reason = Self.invalidReason(record.status) { throw WSTrustError(.requestFailed, reason) }
        guard try await transition(id, from: .issued, to: .cancelled) else {
            throw WSTrustError(.requestFailed, "the token was renewed or cancelled by another request")
        }
        request.audit.event.outcome = .cancelled(tokenID: id)
        var response = RequestSecurityTokenResponse(version: request.version)
        response.context = request.rst.context
        response.requestedTokenCancelled = true
        return response
    }

    /// Whether `target` is the token `record` describes: a presented UsernameToken must be the
    /// one issued under its wsu:Id (same type, same username); other targets are named by
    /// identifier alone or were verified.
    private static func target(_ target: TokenTarget, names record: IssuedTokenRecord) -> Bool {
        guard case .usernameToken(let token, _) = target else { return true }
        return record.isUsernameToken(token)
    }
}
