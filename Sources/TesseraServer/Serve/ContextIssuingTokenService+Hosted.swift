import SecureConversation
import StoreProtocols
import STS

extension ContextIssuingTokenService {
    /// The STS endpoint of `configuration` when one of its relying parties has `securityContexts`
    /// on, else nil (the token service alone). Its context service is configured as the
    /// `secureConversation` section configures the hosted service (bootstrap policy, key sizes,
    /// lifetimes, algorithm suite, contexts kept in the same store or sealed with the same cookie
    /// key, so that the service a context is for accepts it), issues for the relying parties
    /// (``RelyingPartyContextIssuance``), and accepts for other requests only the contexts
    /// issued for the STS's own address. Its lifecycle requests go to `audit`.
    static func hosted(
        by configuration: ServerConfiguration, tokenService: SecurityTokenService,
        contexts: any SecurityContextStore, revocations: any SecurityContextRevocationList, publicBaseURL: PublicBaseURL,
        audit: ContextAuditSink? = nil
    ) throws(ConfigurationError) -> ContextIssuingTokenService? {
        guard configuration.relyingParties.contains(where: \.securityContexts),
            var service = try SecureConversationServiceConfiguration.hosted(
                by: configuration, tokenService: tokenService.configuration, contexts: contexts, revocations: revocations)
        else { return nil }
        let path = configuration.endpoint.path
        service.audience = ContextAudience(acceptsOwnContexts: false, addresses: { [publicBaseURL.current + path] })
        service.contextIssuance = RelyingPartyContextIssuance(tokenService: tokenService)
        service.audit = audit
        return ContextIssuingTokenService(
            tokenService: tokenService, contexts: SecureConversationService(configuration: service, handler: handler(tokenService)), path: path)
    }
}

extension ServerConfiguration {
    /// The addresses the hosted secure-conversation service is known by in the AppliesTo of
    /// contexts the STS issues for it: its published address (public base URL and path) and the
    /// audiences of its `issued-saml` bootstrap.
    func secureConversationAddresses(_ publicBaseURL: PublicBaseURL) -> @Sendable () -> [String] {
        guard let section = secureConversation else { return { [] } }
        let audiences = section.issuedSAML?.audiences ?? []
        let path = section.path
        return { [publicBaseURL.current + path] + audiences }
    }
}
