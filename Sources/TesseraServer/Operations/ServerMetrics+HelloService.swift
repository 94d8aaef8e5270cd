import Metrics

extension ServerMetrics {
    /// Counts one request to the sample HelloService and its latency:
    /// `tessera_hello_requests_total{path, outcome}` (outcome `success`, the fault's code such as
    /// `wsse:InvalidSecurityToken`, `payload_too_large`, `unsupported_media_type`) and
    /// `tessera_hello_request_duration_seconds{path, result}` (`success` or `fault`). Labels are
    /// bounded: the configured path and fixed words.
    func recordHello(path: String, outcome: RequestObservation.Outcome, duration: Duration) {
        handles.counter("tessera_hello_requests_total", [("path", path), ("outcome", outcome.label)]).increment()
        handles.timer("tessera_hello_request_duration_seconds", [("path", path), ("result", outcome.isSuccess ? "success" : "fault")])
            .recordInterval(duration)
    }
}
