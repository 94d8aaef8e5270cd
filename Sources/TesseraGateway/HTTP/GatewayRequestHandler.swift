import Foundation
import Hummingbird
import Logging
import SOAP
import TesseraServer

/// Answers consumer requests POSTed to a route's path: reads the body up to the limit (413
/// above it), takes the SOAP version from the Content-Type (415 for anything else), parses the
/// envelope with the hardened parser and settles the action (``TesseraServer/SOAPHTTPBinding``),
/// picks the route by WS-Addressing To, reads and admits the consumer identity, and relays the
/// provider's answer in the consumer's SOAP version. Every refusal is a SOAP fault of the
/// consumer's version with a fixed reason; nothing is forwarded after one. One log line per
/// request, one audit event per forwarded or refused identity.
struct GatewayRequestHandler: Sendable {
    let routes: [RouteForwarder]
    let maxRequestBytes: Int
    let overTLS: Bool
    let mutualTLS: Bool
    let metrics: GatewayMetrics
    let audit: Logger

    func respond(to request: Request, context: TesseraRequestContext, path: String) async -> Response {
        let started = ContinuousClock.now
        let candidates = routes.filter { $0.route.path == path }
        let label = candidates.count == 1 ? candidates[0].route.name : path
        let posted: SOAPHTTPBinding.PostedRequest
        switch await SOAPHTTPBinding.read(request, maxRequestBytes: maxRequestBytes) {
        case .posted(let read):
            posted = read
        case .refused(let refusal):
            let outcome =
                switch refusal {
                case .unsupportedMediaType: "unsupported_media_type"
                case .tooLarge: "payload_too_large"
                case .connectionFailed: "connection_failed"
                }
            finish(route: label, outcome: outcome, status: Int(refusal.response.status.code), started: started, context: context)
            return refusal.response
        }
        let remote = context.remoteAddress?.ipAddress
        do throws(RouteFailure) {
            let (routeName, forwarded) = try await forward(posted, candidates: candidates, remote: remote)
            let status = SOAPHTTPBinding.status(of: forwarded.answer.fault, version: posted.version)
            finish(
                route: routeName, outcome: forwarded.answer.fault == nil ? "forwarded" : "provider_fault", status: status, started: started,
                context: context, extra: ["token": "\(forwarded.tokenID)", "cached": "\(forwarded.fromCache)", "retried": "\(forwarded.retried)"])
            var headers = HTTPFields()
            headers[.contentType] = posted.version.contentType()
            return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: forwarded.answer.body)))
        } catch {
            let failure = error
            let fault = failure.error.fault
            let status = SOAPHTTPBinding.status(of: fault, version: posted.version)
            finish(
                route: failure.route ?? label, outcome: failure.error.outcome, status: status, started: started, context: context,
                extra: ["reason": "\(Self.truncated(failure.error.reason))"])
            if failure.error.code == .failedAuthentication || failure.error.code == .tokenRefused {
                audit.notice(
                    "refused",
                    metadata: [
                        "route": "\(failure.route ?? label)", "user": "\(Self.truncated(failure.username ?? "-"))",
                        "remote": "\(remote ?? "-")", "reason": "\(Self.truncated(failure.error.reason))",
                    ])
            }
            return SOAPHTTPBinding.response(fault.envelope(posted.version), version: posted.version, status: status)
        }
    }

    /// A refusal, with the route and user known when it happened.
    private struct RouteFailure: Error {
        let error: GatewayError
        var route: String?
        var username: String?
    }

    private func forward(
        _ posted: SOAPHTTPBinding.PostedRequest, candidates: [RouteForwarder],
        remote: String?
    ) async throws(RouteFailure) -> (String, RouteForwarder.Forwarded) {
        let envelope: SOAPEnvelope
        let action: String?
        let to: String?
        switch SOAPHTTPBinding.parse(posted, maxRequestBytes: maxRequestBytes, understood: ConsumerIdentity.understoodHeaders) {
        case .refused(let fault, _):
            throw RouteFailure(error: GatewayError(refusal: fault))
        case .envelope(let parsed, let settled, let addressing):
            envelope = parsed
            action = settled
            to = addressing?.to
        }
        guard let forwarder = candidates.first(where: { $0.route.addressingTo.isEmpty || to.map($0.route.addressingTo.contains) == true }) else {
            throw RouteFailure(error: GatewayError(.unknownDestination, "no route on this path takes To '\(Self.truncated(to ?? "-"))'"))
        }
        let route = forwarder.route
        var username: String?
        do throws(GatewayError) {
            let identity = try ConsumerIdentity(of: envelope)
            username = identity.username
            let connection = ConsumerAdmission.Connection(remoteAddress: remote, overTLS: overTLS, clientCertificateVerified: mutualTLS)
            let admitted = try forwarder.admission.admit(identity.token, connection: connection)
            let forwarded = try await forwarder.forward(envelope, original: posted.body, identity: identity, admitted: admitted, action: action)
            audit.info(
                "forwarded",
                metadata: [
                    "route": "\(route.name)", "user": "\(Self.truncated(identity.username))", "form": "\(route.consumerForm.rawValue)",
                    "subject": "\(Self.truncated(forwarded.subject ?? "-"))", "token": "\(forwarded.tokenID)", "remote": "\(remote ?? "-")",
                    "provider_fault": "\(forwarded.answer.fault?.subcode.map { "\($0)" } ?? "-")",
                ])
            return (route.name, forwarded)
        } catch {
            throw RouteFailure(error: error, route: route.name, username: username)
        }
    }

    /// Records the request in the metrics and writes its log line. The line's metadata (a
    /// formatted latency among it) is built only when the logger writes `info` lines.
    private func finish(
        route: String, outcome: String, status: Int, started: ContinuousClock.Instant, context: TesseraRequestContext,
        extra: @autoclosure () -> Logger.Metadata = [:]
    ) {
        let duration = ContinuousClock.now - started
        metrics.recordRequest(route: route, outcome: outcome, duration: duration)
        guard context.logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = [
            "route": "\(route)", "outcome": "\(outcome)", "status": "\(status)",
            "remote": "\(context.remoteAddress?.ipAddress ?? "-")", "latency_ms": "\(Self.milliseconds(duration))",
        ]
        metadata.merge(extra()) { $1 }
        context.logger.info("gateway request", metadata: metadata)
    }

    /// Peer-supplied text for a log line, cut to a length that cannot flood the log.
    static func truncated(_ text: String, limit: Int = 256) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.2f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}
