import Foundation
import TesseraServer

/// The configuration file of `tessera gateway` (YAML), as typed values: where the gateway
/// listens, the key it signs with, its token cache, and its routes. Every field is documented in
/// docs/gateway.md; ``validate()`` checks them together and names each faulty field. Unknown
/// fields are refused, so a misspelled one never leaves a default in force.
///
/// Relative file paths are resolved against ``baseDirectory``: the directory of the file the
/// configuration was read from.
public struct GatewayConfiguration: Decodable, Sendable, Hashable {
    public var listen = Listen()
    /// TLS for the listener; plain HTTP when nil.
    public var tls: TLS?
    /// Largest consumer request body; larger ones are answered with HTTP 413.
    public var maxRequestBytes = 256 * 1024
    /// Largest provider response body relayed; a larger one is answered with a fault.
    public var maxResponseBytes = 4 << 20
    /// The gateway's X.509 key: it signs token requests to the STS and every forwarded message.
    public var credential: Credential
    public var cache = Cache()
    /// At least one; requests are matched by path, then by WS-Addressing To.
    public var routes: [Route]

    /// The directory relative paths are resolved against; not part of the file.
    public var baseDirectory: String = FileManager.default.currentDirectoryPath

    public init(credential: Credential, routes: [Route]) {
        self.credential = credential
        self.routes = routes
    }

    /// `path`, absolute as given, else resolved against ``baseDirectory``.
    public func resolvedPath(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).path
    }

    enum CodingKeys: String, CodingKey { case listen, tls, maxRequestBytes, maxResponseBytes, credential, cache, routes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        listen = try c.decodeIfPresent(Listen.self, forKey: .listen) ?? listen
        tls = try c.decodeIfPresent(TLS.self, forKey: .tls)
        maxRequestBytes = try c.decodeIfPresent(Int.self, forKey: .maxRequestBytes) ?? maxRequestBytes
        maxResponseBytes = try c.decodeIfPresent(Int.self, forKey: .maxResponseBytes) ?? maxResponseBytes
        credential = try c.decode(Credential.self, forKey: .credential)
        cache = try c.decodeIfPresent(Cache.self, forKey: .cache) ?? cache
        routes = try c.decode([Route].self, forKey: .routes)
    }

    // MARK: Sections

    /// The listening socket (`127.0.0.1:8081` by default, beside `tessera serve` on 8080).
    public struct Listen: Decodable, Sendable, Hashable {
        public var host = "127.0.0.1"
        /// TCP port; 0 lets the system choose (tests).
        public var port = 8081

        public init(host: String = "127.0.0.1", port: Int = 8081) {
            self.host = host
            self.port = port
        }

        enum CodingKeys: String, CodingKey { case host, port }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            host = try c.decodeIfPresent(String.self, forKey: .host) ?? host
            port = try c.decodeIfPresent(Int.self, forKey: .port) ?? port
        }
    }

    /// Listener TLS: a PEM certificate chain and key; with `clientCertificateAuthorities`,
    /// mutual TLS: every consumer must present a certificate issued by one of those CAs.
    public struct TLS: Decodable, Sendable, Hashable {
        public var certificate: String
        public var key: String
        /// PEM files of the CAs consumer certificates must chain to; none: no client certificates.
        public var clientCertificateAuthorities: [String] = []

        public init(certificate: String, key: String, clientCertificateAuthorities: [String] = []) {
            self.certificate = certificate
            self.key = key
            self.clientCertificateAuthorities = clientCertificateAuthorities
        }

        enum CodingKeys: String, CodingKey { case certificate, key, clientCertificateAuthorities }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            certificate = try c.decode(String.self, forKey: .certificate)
            key = try c.decode(String.self, forKey: .key)
            clientCertificateAuthorities = try c.decodeIfPresent([String].self, forKey: .clientCertificateAuthorities) ?? []
        }
    }

    /// A PEM private key and its certificate (further certificates in the file are its chain).
    public struct Credential: Decodable, Sendable, Hashable {
        public var key: String
        public var certificate: String

        public init(key: String, certificate: String) {
            self.key = key
            self.certificate = certificate
        }

        enum CodingKeys: String, CodingKey { case key, certificate }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            key = try c.decode(String.self, forKey: .key)
            certificate = try c.decode(String.self, forKey: .certificate)
        }
    }

    /// The issued-token cache shared by every route.
    public struct Cache: Decodable, Sendable, Hashable {
        /// Most tokens kept; the least recently used is evicted beyond it. 0 turns caching off
        /// (concurrent first requests for one identity still share one STS call).
        public var maxEntries = 10_000
        /// A token is dropped this long before it expires, so it never reaches a provider stale.
        public var marginSeconds = 30
        /// Longest a token is kept, whatever its lifetime.
        public var maxLifetimeSeconds = 3600
        /// How long an STS refusal is remembered for the same key (0: not at all).
        public var refusalSeconds = 0

        public init(maxEntries: Int = 10_000, marginSeconds: Int = 30, maxLifetimeSeconds: Int = 3600, refusalSeconds: Int = 0) {
            self.maxEntries = maxEntries
            self.marginSeconds = marginSeconds
            self.maxLifetimeSeconds = maxLifetimeSeconds
            self.refusalSeconds = refusalSeconds
        }

        enum CodingKeys: String, CodingKey { case maxEntries, marginSeconds, maxLifetimeSeconds, refusalSeconds }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            maxEntries = try c.decodeIfPresent(Int.self, forKey: .maxEntries) ?? maxEntries
            marginSeconds = try c.decodeIfPresent(Int.self, forKey: .marginSeconds) ?? marginSeconds
            maxLifetimeSeconds = try c.decodeIfPresent(Int.self, forKey: .maxLifetimeSeconds) ?? maxLifetimeSeconds
            refusalSeconds = try c.decodeIfPresent(Int.self, forKey: .refusalSeconds) ?? refusalSeconds
        }
    }
}
