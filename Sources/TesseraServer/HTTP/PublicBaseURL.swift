import Synchronization

/// The URL the server's endpoints are published at in its metadata: the configured public base
/// URL, else `https://` (with TLS) or `http://`, the listening host and the port it is bound to
/// (known only once it listens, when the configured port is 0). Never taken from a request's
/// Host header, which the peer chooses.
final class PublicBaseURL: Sendable {
    private let configured: String?
    private let scheme: String
    private let host: String
    private let port: Mutex<Int>

    init(configuration: ServerConfiguration) {
        configured = configuration.publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        scheme = configuration.tls == nil ? "http" : "https"
        let host = configuration.listen.host
        // A wildcard address is no place to send a client: name the local host instead.
        switch host {
        case "0.0.0.0", "::", "[::]": self.host = "localhost"
        default: self.host = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
        port = Mutex(configuration.listen.port)
    }

    /// Records the port the server is bound to.
    func bound(port value: Int) {
        port.withLock { $0 = value }
    }

    /// Whether the base URL is derived from the listening address rather than configured.
    var isDerived: Bool { configured == nil }

    /// The base URL, without a trailing slash.
    var current: String {
        if let configured { return configured }
        let port = port.withLock { $0 }
        let defaultPort = scheme == "https" ? 443 : 80
        return port == defaultPort ? "\(scheme)://\(host)" : "\(scheme)://\(host):\(port)"
    }
}
