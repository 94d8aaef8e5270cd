/// Why ``HTTPSOAPTransport`` got no SOAP response: a bad URL, a TLS or connection failure, a
/// timeout, an answer over the size limit, or an HTTP status that carries no SOAP envelope.
///
/// Errors are compared by ``code``; ``status`` holds the HTTP status of an
/// ``Code-swift.struct/unexpectedStatus`` error.
public struct HTTPTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case invalidURL, invalidTrustRoots, unexpectedStatus, responseTooLarge, timeout, tlsFailure, connectionFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The endpoint is not an absolute `http` or `https` URL with a host.
        public static let invalidURL = Code(.invalidURL)
        /// The configured trust roots could not be turned into a TLS configuration.
        public static let invalidTrustRoots = Code(.invalidTrustRoots)
        /// The service answered with an HTTP status that is neither success nor a SOAP fault
        /// (a redirect, a 404 page, a proxy error...).
        public static let unexpectedStatus = Code(.unexpectedStatus)
        /// The response body exceeds ``HTTPSOAPTransport/Configuration/maximumResponseBytes``.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// Connecting or the whole exchange took longer than configured.
        public static let timeout = Code(.timeout)
        /// The TLS handshake failed (for example, the server's certificate does not chain to
        /// the configured trust roots, or names another host).
        public static let tlsFailure = Code(.tlsFailure)
        /// The connection could not be made or broke before a response arrived.
        public static let connectionFailed = Code(.connectionFailed)

        public var description: String { String(describing: value) }
    }

    public let code: Code
    public let reason: String
    /// The HTTP status, for ``Code-swift.struct/unexpectedStatus``.
    public let status: Int?

    public init(_ code: Code, _ reason: String, status: Int? = nil) {
        self.code = code
        self.reason = reason
        self.status = status
    }

    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
