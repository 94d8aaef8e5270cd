import Metrics
public import Prometheus
import TesseraServer

/// The gateway's metrics, recorded through swift-metrics into a Prometheus registry of their own
/// (no process-wide bootstrap, so several gateways in one process keep separate counts) and
/// exposed at `/metrics` in the Prometheus text format:
///
/// - `tessera_gateway_requests_total{route, outcome}` and
///   `tessera_gateway_request_duration_seconds{route, result}`: every consumer request, by route
///   name and outcome (`forwarded`, `provider_fault`, `failed_authentication`,
///   `token_unavailable`, `provider_unavailable`, ...);
/// - `tessera_gateway_sts_calls_total{route, outcome}` and
///   `tessera_gateway_sts_call_duration_seconds{route}`: every token request to an STS;
/// - `tessera_gateway_token_cache_total{event}`: `hit`, `miss`, `coalesced` (waited for another
///   request's STS call), `eviction` (least recently used, at the bound), `invalidation` (a
///   provider refused the token);
/// - `tessera_gateway_provider_retries_total{route}`: requests retried with a fresh token;
/// - `tessera_gateway_sc_contexts{route}` and `tessera_gateway_sc_contexts_{established,renewed,
///   reestablished,cancelled}_total{route}`: the security contexts of `secure-conversation`
///   routes (``recordContext(_:route:)``).
///
/// Label values are bounded: configured route names and fixed outcome words, never anything a
/// request chooses.
public struct GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    let handles: MetricHandles

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = ServerMetrics.latencyBuckets
        self.factory = factory
        handles = MetricHandles(factory: factory)
    }

    func recordRequest(route: String, outcome: String, duration: Duration) {
        handles.counter("tessera_gateway_requests_total", [("route", route), ("outcome", outcome)]).increment()
        handles.timer("tessera_gateway_request_duration_seconds", [("route", route), ("result", outcome == "forwarded" ? "success" : "failure")])
            .record(duration: duration)
    }

    func recordSTSCall(route: String, outcome: String, duration: Duration) {
        handles.counter("tessera_gateway_sts_calls_total", [("route", route), ("outcome", outcome)]).increment()
        handles.timer("tessera_gateway_sts_call_duration_seconds", [("route", route)]).record(duration: duration)
    }

    func recordCache(_ event: TokenCacheEvent) {
        let (name, count): (String, Int) =
            switch event {
            case .hit: ("hit", 1)
            case .miss: ("miss", 1)
            case .coalesced: ("coalesced", 1)
            case .evicted(let count): ("eviction", count)
            case .invalidated: ("invalidation", 1)
            }
        handles.counter("tessera_gateway_token_cache_total", [("event", name)]).increment(by: count)
    }

    func recordRetry(route: String) {
        handles.counter("tessera_gateway_provider_retries_total", [("route", route)]).increment()
    }

    /// Every metric in the Prometheus text exposition format (version 0.0.4).
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
