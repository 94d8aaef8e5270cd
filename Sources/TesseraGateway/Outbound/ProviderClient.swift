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

/// Posts forwarded messages to providers over one pooled async-http-client `HTTPClient` (SOAP
/// 1.1 §6, SOAP 1.2 Part 2 §7): SOAP 1.1 with `text/xml` and `SOAPAction`, SOAP 1.2 with the
/// action as a media-type parameter. Redirects are not followed. Every exchange ends within its
/// timeout, whether the provider is down, slow to answer, or slow to send its body.
final class ProviderClient: Sendable {
    private let client: HTTPClient

    init() {
        let configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)), decompression: .disabled)
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Posts `message` (an envelope of `version`) to `url` and reads the answer. With
    /// `parseAnswer` false the answer's bytes are returned unparsed (its media type checked), for
    /// a caller that parses and verifies them itself.
    ///
    /// - Throws: ``GatewayError`` `providerUnavailable` when no answer arrived within
    ///   `timeout`; `invalidProviderResponse` for an answer that is not a SOAP envelope of
    ///   `version`, or exceeds `maxResponseBytes`.
    func forward(
        _ message: [UInt8], to url: String, version: SOAPVersion, action: String?, timeout: Duration,
        maxResponseBytes: Int, parseAnswer: Bool = true
    ) async throws(GatewayError) -> ProviderAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for header in version.httpHeaders(action: action) {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(message)
        let client = client
        let prepared = request
        let received: (status: Int, contentType: String?, body: [UInt8])
        do {
            received = try await withDeadline(timeout) {
                let response = try await client.execute(prepared, timeout: .seconds(timeout.components.seconds + 1))
                let body = try await response.body.collect(upTo: maxResponseBytes)
                return (Int(response.status.code), response.headers.first(name: "Content-Type"), Array(body.readableBytesView))
            }
        } catch is NIOTooManyBytesError {
            throw GatewayError(.invalidProviderResponse, "the provider's answer exceeds \(maxResponseBytes) bytes")
        } catch {
            throw GatewayError(.providerUnavailable, "no answer from \(url): \(error)")
        }
        guard (200..<300).contains(received.status) || (400..<600).contains(received.status),
            let answered = received.contentType.flatMap(SOAPVersion.init(contentType:)), answered == version
        else {
            throw GatewayError(.invalidProviderResponse, "the provider answered HTTP \(received.status) with \(received.contentType ?? "no Content-Type")")
        }
        guard parseAnswer else { return ProviderAnswer(body: received.body, version: version, fault: nil) }
        let envelope: SOAPEnvelope
        do {
            envelope = try SOAPEnvelope(parsing: received.body)
        } catch {
            throw GatewayError(.invalidProviderResponse, "the provider's answer is not a SOAP envelope")
        }
        guard envelope.version == version else {
            throw GatewayError(.invalidProviderResponse, "the provider answered in \(envelope.version), the request was \(version)")
        }
        let fault = envelope.bodyPayload.flatMap { $0.is("Fault", version.namespace) ? try? SOAPFault(envelope: envelope) : nil }
        return ProviderAnswer(body: received.body, version: version, fault: fault)
    }

    /// Whether anything answers HTTP at `url` within `timeout` (any status).
    func answers(_ url: String, timeout: Duration) async -> Bool {
        let client = client
        do {
            return try await withDeadline(timeout) {
                let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(timeout.components.seconds + 1))
                _ = try await response.body.collect(upTo: 64 * 1024)
                return true
            }
        } catch {
            return false
        }
    }

    func shutdown() async throws {
        try await client.shutdown()
    }
}

/// The deadline passed before the operation finished.
struct DeadlineExceeded: Error {}

/// Runs `operation`, cancelling it and throwing ``DeadlineExceeded`` once `timeout` has passed.
func withDeadline<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
