import Metrics
import SecureConversation

extension GatewayMetrics {
    /// Counts what a `secure-conversation` route's context cache did, by route name:
    /// `tessera_gateway_sc_contexts_established_total` (every establishment, WS-SC 1.3 §3: first
    /// use, expiry, a refused renewal, or after a lost context),
    /// `tessera_gateway_sc_contexts_renewed_total` (§5),
    /// `tessera_gateway_sc_contexts_reestablished_total` (the provider answered
    /// `wsc:BadContextToken` or `wsc:RenewNeeded`, §8: the context was dropped and established
    /// again for the message sent once more) and `tessera_gateway_sc_contexts_cancelled_total`
    /// (§6, when the gateway stops).
    func recordContext<Key>(_ event: SecureConversationContextCache<Key>.Event, route: String) {
        let label =
            switch event {
            case .established: "tessera_gateway_sc_contexts_established_total"
            case .renewed: "tessera_gateway_sc_contexts_renewed_total"
            case .contextLost: "tessera_gateway_sc_contexts_reestablished_total"
            case .cancelled: "tessera_gateway_sc_contexts_cancelled_total"
            }
        handles.counter(label, [("route", route)]).increment()
    }

    /// Sets `tessera_gateway_sc_contexts{route}` to the number of identities each route's cache
    /// holds a context for (or is establishing one for), read when the metrics are scraped.
    func recordContextsHeld(_ conversations: [SecureConversationBinding]) async {
        for conversation in conversations {
            let count = await conversation.contexts.count
            Gauge(label: "tessera_gateway_sc_contexts", dimensions: [("route", conversation.route.name)], factory: factory).record(count)
        }
    }
}
