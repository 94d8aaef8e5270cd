import Hummingbird

/// `/health` (the process answers), `/ready` (the readiness check passes: configuration
/// loaded, store reachable) and `/metrics` (Prometheus text format).
struct OperationsHandler: Sendable {
    let metrics: ServerMetrics
    let readiness: @Sendable () async -> Bool

    func health() -> Response {
        text("ok\n", status: .ok)
    }

    func ready() async -> Response {
        await readiness() ? text("ready\n", status: .ok) : text("not ready\n", status: .serviceUnavailable)
    }

    func metricsExposition() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = ServerMetrics.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }

    private func text(_ body: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
