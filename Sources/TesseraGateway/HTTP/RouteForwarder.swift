import Foundation
import NIOCore
import SOAP
import TesseraServer
import WSSecurity
import XMLCore

/// One route's way from an admitted consumer request to the provider's answer: a token for the
/// identity (from the cache, or from the STS once for every request waiting on it), the swap,
/// the forward. When the provider refuses a cached token with a security fault
/// (`wsse:InvalidSecurityToken`, `wsse:FailedAuthentication`), the token is dropped from the
/// cache and the request is sent once more with a fresh one.
///
/// A class, built once per route: each request then shares it instead of copying its settings.
final class RouteForwarder: Sendable {
    /// What happened to one forwarded request, for the log and the audit event.
    struct Forwarded: Sendable {
        let answer: ProviderAnswer
        let tokenID: String
        let subject: String?
        let fromCache: Bool
        let retried: Bool
    }

    let route: GatewaySettings.Route
    let admission: ConsumerAdmission
    let exchange: TokenExchange
    let cache: TokenCache<ExchangedToken>
    /// Forwards SAML assertions.
    let binding: SenderVouchesBinding
    /// Forwards UsernameToken identity assertions.
    let usernameTokenBinding: UsernameTokenBinding
    let provider: ProviderClient
    /// The route's provider, its request made once.
    let providerEndpoint: ProviderEndpoint
    let maxRequestBytes: Int
    let maxResponseBytes: Int
    let metrics: GatewayMetrics
    /// Sees each forward and the provider's answer, when set.
    let observer: GatewayExchangeObserver?
    /// The `secure-conversation` binding, for a route that has it.
    let secureConversation: SecureConversationBinding?

    init(
        route: GatewaySettings.Route, admission: ConsumerAdmission, exchange: TokenExchange, cache: TokenCache<ExchangedToken>,
        binding: SenderVouchesBinding, usernameTokenBinding: UsernameTokenBinding, provider: ProviderClient, maxRequestBytes: Int,
        maxResponseBytes: Int, metrics: GatewayMetrics, observer: GatewayExchangeObserver? = nil,
        secureConversation: SecureConversationBinding? = nil
    ) {
        self.route = route
        self.admission = admission
        self.exchange = exchange
        self.cache = cache
        self.binding = binding
        self.usernameTokenBinding = usernameTokenBinding
        self.provider = provider
        providerEndpoint = ProviderEndpoint(route.provider)
        self.maxRequestBytes = maxRequestBytes
        self.maxResponseBytes = maxResponseBytes
        self.metrics = metrics
        self.observer = observer
        self.secureConversation = secureConversation
    }

    /// Provider fault codes that mean "this token is no good", worth one retry with a fresh one.
    private static let tokenRefusals: Set<SecurityFaultCode> = [WSSFaultCode.invalidSecurityToken, WSSFaultCode.failedAuthentication]

    /// Forwards `envelope` (parsed from `original`) for `admitted`.
    func forward(
        _ envelope: SOAPEnvelope, original: ByteBuffer, identity: ConsumerIdentity, admitted: ConsumerAdmission.Admitted,
        action: String?
    ) async throws(GatewayError) -> Forwarded {
        if let secureConversation { return try await forward(envelope, admitted: admitted, action: action, under: secureConversation) }
        let key = admitted.cacheRealm.flatMap {
            TokenCacheKey(
                sts: route.stsEndpoint, username: admitted.onBehalfOf.username, realm: $0, appliesTo: route.appliesTo,
                tokenType: route.tokenType?.rawValue, keyType: route.bearerKeyType ? "bearer" : nil)
        }
        let exchange = exchange
        let onBehalfOf = admitted.onBehalfOf
        let fetch: @Sendable () async -> Result<FetchedToken<ExchangedToken>, GatewayError> = { await exchange.issue(onBehalfOf: onBehalfOf) }

        let first = try await cache.token(for: key, fetch: fetch)
        let answer = try await send(envelope, header: identity.securityHeader, token: first.token, action: action)
        guard first.cached, let key, let code = answer.fault?.securityFaultCode, Self.tokenRefusals.contains(code) else {
            return Forwarded(answer: answer, tokenID: first.tokenID, subject: first.token.subject, fromCache: first.cached, retried: false)
        }
        cache.invalidate(key, tokenID: first.tokenID)
        metrics.recordRetry(route: route.name)
        let again: SOAPEnvelope
        let againIdentity: ConsumerIdentity
        do {
            again = try SOAPHTTPBinding.envelope(parsing: original, maxRequestBytes: maxRequestBytes)
        } catch {
            throw GatewayError(.malformedRequest, "the request could not be read again for the retry")
        }
        againIdentity = try ConsumerIdentity(of: again)
        let second = try await cache.token(for: key, fetch: fetch)
        let retried = try await send(again, header: againIdentity.securityHeader, token: second.token, action: action)
        return Forwarded(answer: retried, tokenID: second.tokenID, subject: second.token.subject, fromCache: second.cached, retried: true)
    }

    private func send(_ envelope: SOAPEnvelope, header: XMLElement, token: ExchangedToken, action: String?) async throws(GatewayError) -> ProviderAnswer {
        switch token {
        case .samlAssertion(let assertion): try binding.secure(envelope, replacing: header, with: assertion)
        case .usernameToken(let usernameToken): try usernameTokenBinding.secure(envelope, replacing: header, with: usernameToken)
        }
        let message = envelope.serialize()
        let started = ContinuousClock.now
        let answer: ProviderAnswer
        do throws(GatewayError) {
            answer = try await provider.forward(
                message, to: providerEndpoint, version: envelope.version, action: action,
                timeout: route.timeout, maxResponseBytes: maxResponseBytes)
        } catch {
            observer?(GatewayExchangeObservation(route: route.name, leg: .provider, request: message, response: nil, started: started))
            throw error
        }
        observer?(GatewayExchangeObservation(route: route.name, leg: .provider, request: message, response: answer.body, started: started))
        return answer
    }
}
