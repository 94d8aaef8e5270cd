import AsyncHTTPClient
import Foundation
import NIOCore
import SOAP

/// What a provider answered: a SOAP envelope of the request's version (a result or a fault),
/// as bytes to relay unchanged, with its fault when it is one.
struct ProviderAnswer: Sendable {
    let body: [UInt8]
    let version: SOAPVersion
    let fault: SOAPFault?
}

/// A provider's URL with the POST request to it made once, its URL parsed and checked, for
/// every message a route forwards there.
struct ProviderEndpoint: Sendable {
    let url: String
    fileprivate let request: Result<HTTPClient.Request, any Error>

    init(_ url: String) {
        self.url = url
        request = Result { try HTTPClient.Request(url: url, method: .POST) }
    }
}

/// Posts forwarded messages to providers over one pooled async-http-client `HTTPClient` (SOAP
/// 1.1 §6, SOAP 1.2 Part 2 §7): SOAP 1.1 with `text/xml` and `SOAPAction`, SOAP 1.2 with the
/// action as a media-type parameter. Redirects are not followed. Every exchange ends within its
/// timeout, whether the provider is down, slow to answer, or slow to send its body.
final class ProviderClient: Sendable {
    private let client: HTTPClient

    init() {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)), decompression: .disabled)
        // No tracer: without one bootstrapped the client would start a no-op span for every
        // request, naming it by reflection and setting its attributes.
        configuration.tracing.tracer = nil
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Posts `message` (an envelope of `version`) to `endpoint` and reads the answer. With
    /// `parseAnswer` false the answer's bytes are returned unparsed (its media type checked), for
    /// a caller that parses and verifies them itself.
    ///
    /// - Throws: ``GatewayError`` `providerUnavailable` when no answer arrived within
    ///   `timeout`; `invalidProviderResponse` for an answer that is not a SOAP envelope of
    ///   `version`, or exceeds `maxResponseBytes`.
    func forward(
        _ message: [UInt8], to endpoint: ProviderEndpoint, version: SOAPVersion, action: String?, timeout: Duration,
        maxResponseBytes: Int, parseAnswer: Bool = true
    ) async throws(GatewayError) -> ProviderAnswer {
        let url = endpoint.url
        let received: HTTPClient.Response
        do {
            var request = try endpoint.request.get()
            request.body = .bytes(message)
            for header in version.httpHeaders(action: action) {
                request.headers.add(name: header.name, value: header.value)
            }
            received = try await exchange(request, timeout: timeout, maxResponseBytes: maxResponseBytes)
        } catch is ResponseAccumulator.ResponseTooBigError {
            throw GatewayError(.invalidProviderResponse, "the provider's answer exceeds \(maxResponseBytes) bytes")
        } catch {
            throw GatewayError(.providerUnavailable, "no answer from \(url): \(error)")
        }
        let status = Int(received.status.code)
        let contentType = received.headers.first(name: "Content-Type")
        let body = received.body.map { Array($0.readableBytesView) } ?? []
        guard (200..<300).contains(status) || (400..<600).contains(status),
            let answered = contentType.flatMap(SOAPVersion.init(contentType:)), answered == version
        else {
            throw GatewayError(.invalidProviderResponse, "the provider answered HTTP \(status) with \(contentType ?? "no Content-Type")")
        }
        guard parseAnswer else { return ProviderAnswer(body: body, version: version, fault: nil) }
        let envelope: SOAPEnvelope
        do {
            envelope = try SOAPEnvelope(parsing: body)
        } catch {
            throw GatewayError(.invalidProviderResponse, "the provider's answer is not a SOAP envelope")
        }
        guard envelope.version == version else {
            throw GatewayError(.invalidProviderResponse, "the provider answered in \(envelope.version), the request was \(version)")
        }
        let fault = envelope.bodyPayload.flatMap { $0.is("Fault", version.namespace) ? try? SOAPFault(envelope: envelope) : nil }
        return ProviderAnswer(body: body, version: version, fault: fault)
    }

    /// Whether anything answers HTTP at `url` within `timeout` (any status).
    func answers(_ url: String, timeout: Duration) async -> Bool {
        do {
            _ = try await exchange(try HTTPClient.Request(url: url), timeout: timeout, maxResponseBytes: 64 * 1024)
            return true
        } catch {
            return false
        }
    }

    /// Runs one exchange on the client's event loops, its answer read whole into one buffer. The
    /// deadline covers all of it, from the connection to the last byte of the body, and
    /// cancelling the calling task cancels the exchange.
    ///
    /// - Throws: `ResponseAccumulator.ResponseTooBigError` for an answer above
    ///   `maxResponseBytes` (announced or received); `HTTPClientError.deadlineExceeded` once
    ///   `timeout` has passed; any other transport error.
    private func exchange(_ request: HTTPClient.Request, timeout: Duration, maxResponseBytes: Int) async throws -> HTTPClient.Response {
        let (seconds, attoseconds) = timeout.components
        let deadline = NIODeadline.now() + .seconds(seconds) + .nanoseconds(attoseconds / 1_000_000_000)
        let task = client.execute(
            request: request, delegate: ResponseAccumulator(request: request, maxBodySize: maxResponseBytes), deadline: deadline)
        return try await withTaskCancellationHandler {
            try await task.futureResult.get()
        } onCancel: {
            task.cancel()
        }
    }

    func shutdown() async throws {
        try await client.shutdown()
    }
}
