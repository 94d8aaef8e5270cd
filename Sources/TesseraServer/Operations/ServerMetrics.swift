import Metrics
public import Prometheus

/// The server's metrics, recorded through swift-metrics into a Prometheus registry of their own
/// (no process-wide bootstrap, so several servers in one process, as in tests, keep separate
/// counts) and exposed at `/metrics` in the Prometheus text format:
///
/// - `tessera_sts_requests_total{endpoint, binding, outcome}`: every STS request, by endpoint
///   name, SOAP binding (`soap11`, `soap12`, `unknown`) and outcome (`success`, the fault code
///   such as `wst:InvalidScope`, `payload_too_large`, `unsupported_media_type`);
/// - `tessera_sts_request_duration_seconds{endpoint, result}`: latency histogram, result
///   `success` or `fault`;
/// - `tessera_sts_tokens_issued_total{token_type, relying_party}` and
///   `tessera_sts_tokens_refused_total{token_type, relying_party, reason}`, counted from the
///   token service's audit events by the sink ``auditSink(relyingParties:logger:)`` makes
///   (install it in ``STS/STSConfiguration/audit``);
/// - `tessera_sc_requests_total{path, request, outcome}` and
///   `tessera_sc_request_duration_seconds{path, request, result}`: every request to a
///   secure-conversation endpoint (``SecureConversationEndpoint``), by kind and outcome.
/// - `tessera_hello_requests_total{path, outcome}` and
///   `tessera_hello_request_duration_seconds{path, result}`: every request to the sample
///   HelloService (``HelloServiceEndpoint``), by outcome.
///
/// Label values are bounded: relying parties by their configured names (`none` without
/// AppliesTo, `unmatched` for an address no party has), never the requested address itself.
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// The counters and timers, each made once per label set.
    let handles: MetricHandles

    /// Latency histogram buckets, from 1 ms (an issuance is a few milliseconds of RSA) to 10 s.
    public static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        handles = MetricHandles(factory: factory)
    }

    /// Counts one STS request and its latency.
    func record(_ observation: RequestObservation) {
        let endpoint = ("endpoint", observation.endpoint.name)
        handles.counter(
            "tessera_sts_requests_total", [endpoint, ("binding", observation.bindingLabel), ("outcome", observation.outcome.label)]
        ).increment()
        handles.timer("tessera_sts_request_duration_seconds", [endpoint, ("result", observation.outcome.isSuccess ? "success" : "fault")])
            .recordInterval(observation.duration)
    }

    /// Every metric in the Prometheus text exposition format (version 0.0.4).
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    /// The `Content-Type` of ``exposition()``.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}

extension Metrics.Timer {
    func recordInterval(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
