import SOAP

extension RouteForwarder {
    /// Forwards `envelope` for `admitted` under the route's secure conversation with its
    /// provider: the holder-of-key assertion for the identity comes from the token cache (one
    /// STS call per identity while it lasts), and only when a context must be established.
    func forward(
        _ envelope: SOAPEnvelope, admitted: ConsumerAdmission.Admitted, action: String?, under binding: SecureConversationBinding
    ) async throws(GatewayError) -> Forwarded {
        let key = admitted.cacheRealm.flatMap {
            TokenCacheKey(
                sts: route.stsEndpoint, username: admitted.onBehalfOf.username, realm: $0, appliesTo: route.appliesTo,
                tokenType: route.tokenType?.rawValue, keyType: "public")
        }
        let exchange = exchange
        let onBehalfOf = admitted.onBehalfOf
        let cache = cache
        let assertion: SecureConversationBinding.AssertionSource = { () async throws(GatewayError) -> IssuedAssertion in
            let fetched = try await cache.token(for: key, fetch: { await exchange.issue(onBehalfOf: onBehalfOf) })
            guard case .samlAssertion(let issued) = fetched.token else {
                throw GatewayError(.tokenUnavailable, "the STS issued no SAML assertion for the secure conversation")
            }
            return issued
        }
        let answer = try await binding.forward(
            envelope, username: admitted.onBehalfOf.username, realm: admitted.cacheRealm, action: action, assertion: assertion)
        return Forwarded(answer: answer, tokenID: "-", subject: admitted.onBehalfOf.username, fromCache: false, retried: false)
    }
}
