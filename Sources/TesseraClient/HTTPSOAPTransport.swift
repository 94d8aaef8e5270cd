import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
public import SOAP
public import X509
import XMLSecurity

/// Sends SOAP envelopes by HTTP POST to one endpoint (SOAP 1.1 §6, SOAP 1.2 Part 2 §7), over one
/// async-http-client `HTTPClient` that keeps connections alive across exchanges.
///
/// SOAP 1.1 requests carry `Content-Type: text/xml; charset=utf-8` and a quoted `SOAPAction`
/// header; SOAP 1.2 requests carry the action as the `action` parameter of
/// `application/soap+xml; charset=utf-8`. A response is returned as bytes when it is a success
/// or a SOAP fault (HTTP 4xx/5xx with a SOAP media type); anything else throws an
/// ``HTTPTransportError``. Redirects are never followed: a token request is not re-sent to an
/// address the caller did not choose.
///
/// You must call ``shutdown()`` once you are done with the transport, before releasing it: it
/// closes the pooled connections (async-http-client asserts on a client released unshut).
/// Exchanges started after shutdown fail. A connection that cannot be made is retried until
/// ``Configuration/connectTimeout``; the last connection error is then thrown.
public final class HTTPSOAPTransport: SOAPTransport {
    /// Which certificates a TLS server must chain to.
    public enum TrustRoots: Sendable {
        /// The operating system's trust store.
        case system
        /// Only these certificates (a private CA, or a pinned self-signed server certificate).
        case certificates([Certificate])
    }

    /// Limits and TLS trust, validated when the transport is made.
    public struct Configuration: Sendable {
        /// Longest wait for a connection (TCP and TLS handshake).
        public var connectTimeout: Duration = .seconds(10)
        /// Longest wait for a whole exchange, from sending to the last byte of the response.
        public var requestTimeout: Duration = .seconds(30)
        /// Largest response body accepted, in bytes (positive). A token response is a few kilobytes.
        public var maximumResponseBytes = 1 << 20
        public var trustRoots: TrustRoots = .system

        public init() {}
    }

    /// The endpoint requests are posted to.
    public let url: URL
    public let configuration: Configuration
    private let client: HTTPClient

    /// A transport posting to `url` (`http` or `https`).
    ///
    /// - Throws: ``HTTPTransportError`` `invalidURL` for anything but an absolute http(s) URL
    ///   with a host, `invalidTrustRoots` when the certificates cannot be used as TLS roots.
    public init(url: String, configuration: Configuration = Configuration()) throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = parsed.host, !host.isEmpty
        else {
            throw HTTPTransportError(.invalidURL, "'\(url)' is not an absolute http or https URL")
        }
        self.url = parsed
        self.configuration = configuration
        var tls = TLSConfiguration.makeClientConfiguration()
        if case .certificates(let certificates) = configuration.trustRoots {
            do {
                tls.trustRoots = .certificates(try certificates.map { try NIOSSLCertificate(bytes: $0.derBytes, format: .der) })
            } catch {
                throw HTTPTransportError(.invalidTrustRoots, "a trust root certificate cannot be used for TLS")
            }
        }
        let clientConfiguration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(configuration.connectTimeout)),
            decompression: .disabled)
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
    }

    /// Posts `request` and returns the response body: a success, or a SOAP fault.
    ///
    /// - Throws: ``HTTPTransportError``: `unexpectedStatus` (with the status) for an HTTP error
    ///   that does not carry a SOAP envelope, `responseTooLarge`, `timeout`, `tlsFailure`,
    ///   `connectionFailed`.
    public func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        var post = HTTPClientRequest(url: url.absoluteString)
        post.method = .POST
        for header in version.httpHeaders(action: action) {
            post.headers.add(name: header.name, value: header.value)
        }
        post.headers.add(name: "Accept", value: "\(version.mediaType), text/xml")
        post.body = .bytes(request)
        do {
            let response = try await client.execute(post, timeout: TimeAmount(configuration.requestTimeout))
            let status = Int(response.status.code)
            let contentType = response.headers.first(name: "Content-Type")
            if !(200..<300).contains(status) {
                // A SOAP fault travels with 500 (SOAP 1.1 §6.2, SOAP 1.2 Part 2 §7.5.2.2) or 400; either
                // way it is the service's answer and goes back to the caller.
                guard (400..<600).contains(status), contentType.flatMap(SOAPVersion.init(contentType:)) != nil else {
                    throw HTTPTransportError(.unexpectedStatus, "the service answered HTTP \(status) without a SOAP envelope", status: status)
                }
            }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > configuration.maximumResponseBytes {
                throw HTTPTransportError(.responseTooLarge, "the response of \(length) bytes exceeds the limit of \(configuration.maximumResponseBytes)")
            }
            let body = try await response.body.collect(upTo: configuration.maximumResponseBytes)
            return Array(body.readableBytesView)
        } catch let error as HTTPTransportError {
            throw error
        } catch {
            throw Self.transportError(error)
        }
    }

    /// Closes the pooled connections. Call once, when no exchange is running.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    private static func transportError(_ error: any Error) -> HTTPTransportError {
        if error is NIOTooManyBytesError {
            return HTTPTransportError(.responseTooLarge, "the response exceeds the size limit")
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return HTTPTransportError(.tlsFailure, "the TLS handshake failed: \(error)")
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .connectTimeout, .readTimeout, .writeTimeout:
                return HTTPTransportError(.timeout, "the exchange timed out (\(error))")
            default:
                break
            }
        }
        return HTTPTransportError(.connectionFailed, "no response: \(error)")
    }
}

extension TimeAmount {
    /// The same span, to the nanosecond (saturating at about 292 years).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = .nanoseconds(nanoseconds.overflow ? .max : nanoseconds.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue)
    }
}
