import STS
import SecureConversation
import WSTrust

/// The token service's relying-party rules for the security contexts it issues (WS-SC 1.3 §3):
/// a context is issued only for an AppliesTo that selects a relying party with
/// `securityContexts` on (no default party), to a requestor the party's authorization allows,
/// and its owner is the requestor as the STS names it (`x509:<requestor>`, `user:<name>`,
/// `saml:<subject>@<issuer>`): an X.509 bootstrap signer must be a configured requestor, as at
/// the STS's own X.509 endpoint.
struct RelyingPartyContextIssuance: ContextIssuancePolicy {
    let tokenService: SecurityTokenService

    func grant(_ request: ContextIssuanceRequest) async throws -> ContextGrant {
        guard let appliesTo = request.appliesTo, !appliesTo.isEmpty else {
            throw WSTrustError(.invalidRequest, "the request must name the service the context is for in AppliesTo")
        }
        guard let party = tokenService.configuration.relyingParties.party(for: appliesTo), party.issuesSecurityContexts else {
            throw WSTrustError(.invalidRequest, "no security context is issued for this AppliesTo")
        }
        let now = tokenService.configuration.inbound.clock.now
        let requestor: AuthenticatedRequestor
        switch request.requestor {
        case .certificate(let certificate): requestor = try tokenService.contextRequestor(certificate: certificate, now: now)
        case .user(let name): requestor = try tokenService.contextRequestor(user: name, now: now)
        case .samlSubject(let nameID, let issuer): requestor = tokenService.contextRequestor(samlSubject: nameID, issuer: issuer, now: now)
        }
        try party.authorization?.authorize(requestor, for: requestor.identity)
        return ContextGrant(appliesTo: appliesTo, owner: requestor.id)
    }
}
