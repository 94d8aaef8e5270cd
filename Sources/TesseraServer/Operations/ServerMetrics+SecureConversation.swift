import Metrics

extension ServerMetrics {
    /// Counts one secure-conversation request and its latency:
    /// `tessera_sc_requests_total{path, request, outcome}` (request `establish`, `amend`,
    /// `renew`, `cancel`, `message` or `unknown`; outcome `success`, the fault's code such as
    /// `wsc:BadContextToken`, `payload_too_large`, `unsupported_media_type`) and
    /// `tessera_sc_request_duration_seconds{path, request, result}`. Labels are bounded: the
    /// configured path and fixed words, never the peer's action.
    func record(_ observation: SecureConversationObservation) {
        let path = ("path", observation.path)
        let request = ("request", observation.request.rawValue)
        handles.counter("tessera_sc_requests_total", [path, request, ("outcome", observation.outcome.label)]).increment()
        handles.timer("tessera_sc_request_duration_seconds", [path, request, ("result", observation.outcome.isSuccess ? "success" : "fault")])
            .recordInterval(observation.duration)
    }
}
