import Foundation

/// The configuration file of `tessera serve` (YAML), as typed values. Every field is documented
/// in docs/configuration.md; ``validate()`` checks them together and names each faulty field.
/// Unknown fields are refused, so a misspelled one never leaves a default in force.
///
/// Relative file paths are resolved against ``baseDirectory``: the directory of the file the
/// configuration was read from.
public struct ServerConfiguration: Codable, Sendable, Hashable {
    /// Where the HTTP server listens.
    public var listen = Listen()
    /// TLS certificate and key; plain HTTP when nil.
    public var tls: TLS?
    /// The scheme, host and port clients reach the server at (behind a proxy or load balancer),
    /// used for the addresses published in metadata; derived from `listen` and `tls` when nil.
    /// It says nothing about how a request arrived: that is `listen.trustedProxies`' business.
    public var publicBaseURL: String?
    public var endpoint = Endpoint()
    public var adfs = ADFS()
    /// The directory of the server's state (the store); relative to ``baseDirectory``.
    public var dataDirectory = "."
    public var store = Store()
    public var identity: Identity
    /// Certificate files of the CAs a requestor's certificate may chain to.
    public var trustAnchors: [String] = []
    public var requestors: [Requestor] = []
    /// Users who may authenticate with a UsernameToken password.
    public var users: [User] = []
    /// The realm identity-mapping rules name ``users`` by.
    public var usersRealm = "local"
    /// The file of the key (32 bytes, mode 0600) that opens ``User/digestPassword``s; needed
    /// once any user has one (``DigestKeyFile``).
    public var usersDigestKey: String?
    /// SAML issuers (identity providers, other STSs) whose assertions are accepted.
    public var samlIssuers: [SAMLIssuer] = []
    /// Rules that rename subjects and attributes by realm; the first rule whose realm matches applies.
    public var identityMapping: [MappingRule] = []
    public var renewal = Renewal()
    public var proofKeys = ProofKeys()
    public var relyingParties: [RelyingPartyEntry] = []
    /// The name of the relying party used for an AppliesTo that matches none; such requests are
    /// refused with `wst:InvalidScope` when nil.
    public var defaultRelyingParty: String?
    public var lifetimes = Lifetimes()
    public var security = Security()
    public var delegation = Delegation()
    /// The WS-SecureConversation service hosted beside the STS; off when nil.
    public var secureConversation: SecureConversation?
    /// The sample SAML-secured provider hosted beside the STS; off when nil.
    public var helloService: HelloService?

    /// The directory relative paths are resolved against; not part of the file.
    public var baseDirectory: String = FileManager.default.currentDirectoryPath

    public init(identity: Identity) {
        self.identity = identity
    }

    // MARK: Sections

    /// The listening socket.
    public struct Listen: Codable, Sendable, Hashable {
        /// Host name or address to bind (`127.0.0.1` by default: development on loopback).
        public var host = "127.0.0.1"
        /// TCP port; 0 lets the system choose (tests).
        public var port = 8080
        /// IP addresses of TLS-terminating proxies in front of the server: from them, and only
        /// from them, `X-Forwarded-Proto: https` means the request came over TLS and
        /// `X-Forwarded-For` names the client.
        public var trustedProxies: [String] = []

        public init(host: String = "127.0.0.1", port: Int = 8080, trustedProxies: [String] = []) {
            self.host = host
            self.port = port
            self.trustedProxies = trustedProxies
        }

        enum CodingKeys: String, CodingKey { case host, port, trustedProxies }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            host = try c.decodeIfPresent(String.self, forKey: .host) ?? host
            port = try c.decodeIfPresent(Int.self, forKey: .port) ?? port
            trustedProxies = try c.decodeIfPresent([String].self, forKey: .trustedProxies) ?? []
        }

        /// How requests on this listener are judged (``TransportDecision``).
        func transportDecision(listenerIsTLS: Bool) -> TransportDecision {
            TransportDecision(listenerIsTLS: listenerIsTLS, trustedProxies: Set(trustedProxies))
        }
    }

    /// Server TLS: a PEM certificate chain (leaf first) and its PEM private key.
    public struct TLS: Codable, Sendable, Hashable {
        public var certificate: String
        public var key: String

        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }

        enum CodingKeys: String, CodingKey { case certificate, key }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            certificate = try c.decode(String.self, forKey: .certificate)
            key = try c.decode(String.self, forKey: .key)
        }
    }

    /// The STS endpoint.
    public struct Endpoint: Codable, Sendable, Hashable {
        /// The path SOAP requests are POSTed to; `GET path?wsdl` returns the WSDL.
        public var path = "/sts"
        /// Largest accepted request body; larger ones are answered with HTTP 413.
        public var maxRequestBytes = 256 * 1024

        public init(path: String = "/sts", maxRequestBytes: Int = 256 * 1024) {
            self.path = path
            self.maxRequestBytes = maxRequestBytes
        }

        enum CodingKeys: String, CodingKey { case path, maxRequestBytes }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            path = try c.decodeIfPresent(String.self, forKey: .path) ?? path
            maxRequestBytes = try c.decodeIfPresent(Int.self, forKey: .maxRequestBytes) ?? maxRequestBytes
        }
    }

    /// The ADFS-compatible aliases of the endpoint and their metadata exchange document.
    public struct ADFS: Codable, Sendable, Hashable {
        public var enabled = true
        /// The path the ADFS endpoints live under.
        public var prefix = "/adfs/services/trust"

        public init(enabled: Bool = true, prefix: String = "/adfs/services/trust") {
            self.enabled = enabled
            self.prefix = prefix
        }

        enum CodingKeys: String, CodingKey { case enabled, prefix }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
            prefix = try c.decodeIfPresent(String.self, forKey: .prefix) ?? prefix
        }
    }

    /// Where issued-token state is kept.
    public struct Store: Codable, Sendable, Hashable {
        /// The SQLite database file, relative to ``ServerConfiguration/dataDirectory``.
        public var sqlite = "tessera.sqlite"

        public init(sqlite: String = "tessera.sqlite") {
            self.sqlite = sqlite
        }

        enum CodingKeys: String, CodingKey { case sqlite }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            sqlite = try c.decodeIfPresent(String.self, forKey: .sqlite) ?? sqlite
        }
    }

    /// Who the STS is: the Issuer of its tokens and the key it signs them with.
    public struct Identity: Codable, Sendable, Hashable {
        /// The Issuer written into tokens.
        public var issuer: String
        /// NameQualifier of issued NameIDs; none when nil.
        public var nameQualifier: String?
        /// PEM private key signing tokens and responses.
        public var signingKey: String
        /// PEM certificate of ``signingKey`` (further certificates in the file are its chain).
        public var signingCertificate: String
        /// Sign response messages as well as tokens.
        public var signResponses = true
        /// Further keys JWTs are signed with (an EC P-256 key for ES256), tried before
        /// ``signingKey``, which signs JWTs too when it is RSA ≥ 2048 bits or EC P-256.
        public var jwtSigningKeys: [JWTKey] = []

        public init(
            issuer: String, nameQualifier: String? = nil, signingKey: String, signingCertificate: String, signResponses: Bool = true,
            jwtSigningKeys: [JWTKey] = []
        ) {
            self.issuer = issuer
            self.nameQualifier = nameQualifier
            self.signingKey = signingKey
            self.signingCertificate = signingCertificate
            self.signResponses = signResponses
            self.jwtSigningKeys = jwtSigningKeys
        }

        enum CodingKeys: String, CodingKey { case issuer, nameQualifier, signingKey, signingCertificate, signResponses, jwtSigningKeys }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            issuer = try c.decode(String.self, forKey: .issuer)
            nameQualifier = try c.decodeIfPresent(String.self, forKey: .nameQualifier)
            signingKey = try c.decode(String.self, forKey: .signingKey)
            signingCertificate = try c.decode(String.self, forKey: .signingCertificate)
            signResponses = try c.decodeIfPresent(Bool.self, forKey: .signResponses) ?? signResponses
            jwtSigningKeys = try c.decodeIfPresent([JWTKey].self, forKey: .jwtSigningKeys) ?? []
        }
    }

    /// A PEM private key JWTs are signed with, and the `kid` written into their header.
    public struct JWTKey: Codable, Sendable, Hashable {
        public var key: String
        public var keyID: String?

        public init(key: String, keyID: String? = nil) {
            self.key = key
            self.keyID = keyID
        }

        enum CodingKeys: String, CodingKey { case key, keyID }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            key = try c.decode(String.self, forKey: .key)
            keyID = try c.decodeIfPresent(String.self, forKey: .keyID)
        }
    }

    /// A party allowed to ask for tokens, identified by the certificate it signs requests with.
    public struct Requestor: Codable, Sendable, Hashable {
        public var name: String
        /// PEM certificate file; the first certificate in it is the requestor's.
        public var certificate: String
        /// May ask for tokens on behalf of others (OnBehalfOf, ActAs).
        public var mayDelegate = false
        /// The realm identity-mapping rules name the identities it asserts by; its name when nil.
        public var realm: String?

        public init(name: String, certificate: String, mayDelegate: Bool = false, realm: String? = nil) {
            self.name = name
            self.certificate = certificate
            self.mayDelegate = mayDelegate
            self.realm = realm
        }

        enum CodingKeys: String, CodingKey { case name, certificate, mayDelegate, realm }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            certificate = try c.decode(String.self, forKey: .certificate)
            mayDelegate = try c.decodeIfPresent(Bool.self, forKey: .mayDelegate) ?? mayDelegate
            realm = try c.decodeIfPresent(String.self, forKey: .realm)
        }
    }

    /// Default and maximum lifetimes of issued tokens, in seconds.
    public struct Lifetimes: Codable, Sendable, Hashable {
        public var defaultSeconds = 3600
        public var maximumSeconds = 8 * 3600

        public init(defaultSeconds: Int = 3600, maximumSeconds: Int = 8 * 3600) {
            self.defaultSeconds = defaultSeconds
            self.maximumSeconds = maximumSeconds
        }

        enum CodingKeys: String, CodingKey { case defaultSeconds, maximumSeconds }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            defaultSeconds = try c.decodeIfPresent(Int.self, forKey: .defaultSeconds) ?? defaultSeconds
            maximumSeconds = try c.decodeIfPresent(Int.self, forKey: .maximumSeconds) ?? maximumSeconds
        }
    }

    /// Time checks on requests, and the algorithms accepted from peers.
    public struct Security: Codable, Sendable, Hashable {
        /// Tolerated difference between the requestor's clock and ours.
        public var clockSkewSeconds = 300
        /// Oldest accepted request Timestamp (its Created), and oldest OnBehalfOf UsernameToken.
        public var timestampMaxAgeSeconds = 300
        /// Accepts RSA-SHA1 / ECDSA-SHA1 signatures and SHA-1 digests from peers (a legacy peer
        /// that sends nothing else). SHA-1 collisions can be bought: off unless a peer needs it.
        public var INSECURE_acceptSHA1Signatures = false
        /// Accepts a UsernameToken PasswordDigest from a request that did not arrive over TLS.
        /// Whoever reads the digest can guess the password offline: off unless clients cannot
        /// use TLS.
        public var INSECURE_acceptPasswordDigestWithoutTLS = false
        /// Requestors who may ask for the status of any token by its identifier (a trusted
        /// requestor by name, or `user:<name>`); others only of the tokens they obtained.
        public var tokenStatusAuditors: [String] = []

        public init(clockSkewSeconds: Int = 300, timestampMaxAgeSeconds: Int = 300) {
            self.clockSkewSeconds = clockSkewSeconds
            self.timestampMaxAgeSeconds = timestampMaxAgeSeconds
        }

        enum CodingKeys: String, CodingKey {
            case clockSkewSeconds, timestampMaxAgeSeconds, INSECURE_acceptSHA1Signatures, INSECURE_acceptPasswordDigestWithoutTLS, tokenStatusAuditors
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            clockSkewSeconds = try c.decodeIfPresent(Int.self, forKey: .clockSkewSeconds) ?? clockSkewSeconds
            timestampMaxAgeSeconds = try c.decodeIfPresent(Int.self, forKey: .timestampMaxAgeSeconds) ?? timestampMaxAgeSeconds
            INSECURE_acceptSHA1Signatures = try c.decodeIfPresent(Bool.self, forKey: .INSECURE_acceptSHA1Signatures) ?? false
            INSECURE_acceptPasswordDigestWithoutTLS = try c.decodeIfPresent(Bool.self, forKey: .INSECURE_acceptPasswordDigestWithoutTLS) ?? false
            tokenStatusAuditors = try c.decodeIfPresent([String].self, forKey: .tokenStatusAuditors) ?? []
        }
    }

    /// What the STS accepts inside OnBehalfOf and ActAs besides UsernameTokens of trusted
    /// requestors and its own assertions.
    public struct Delegation: Codable, Sendable, Hashable {
        /// Certificate files of the CAs whose certificates may stand in OnBehalfOf / ActAs (a
        /// certificate there proves nothing by itself: the requestor vouches for it, in its
        /// realm). None: X.509 delegation is refused.
        public var certificateAnchors: [String] = []
        /// Audiences a delegated SAML assertion of another issuer may be restricted to, beside
        /// the STS's own addresses (for example the gateway the assertion was issued to).
        public var assertionAudiences: [String] = []

        public init(certificateAnchors: [String] = [], assertionAudiences: [String] = []) {
            self.certificateAnchors = certificateAnchors
            self.assertionAudiences = assertionAudiences
        }

        enum CodingKeys: String, CodingKey { case certificateAnchors, assertionAudiences }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            certificateAnchors = try c.decodeIfPresent([String].self, forKey: .certificateAnchors) ?? []
            assertionAudiences = try c.decodeIfPresent([String].self, forKey: .assertionAudiences) ?? []
        }
    }

    // MARK: Coding

    enum CodingKeys: String, CodingKey {
        case listen, tls, publicBaseURL, endpoint, adfs, dataDirectory, store, identity, trustAnchors, requestors
        case users, usersRealm, usersDigestKey, samlIssuers, identityMapping, renewal, proofKeys
        case relyingParties, defaultRelyingParty, lifetimes, security, delegation
        case secureConversation, helloService
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        listen = try c.decodeIfPresent(Listen.self, forKey: .listen) ?? listen
        tls = try c.decodeIfPresent(TLS.self, forKey: .tls)
        publicBaseURL = try c.decodeIfPresent(String.self, forKey: .publicBaseURL)
        endpoint = try c.decodeIfPresent(Endpoint.self, forKey: .endpoint) ?? endpoint
        adfs = try c.decodeIfPresent(ADFS.self, forKey: .adfs) ?? adfs
        dataDirectory = try c.decodeIfPresent(String.self, forKey: .dataDirectory) ?? dataDirectory
        store = try c.decodeIfPresent(Store.self, forKey: .store) ?? store
        identity = try c.decode(Identity.self, forKey: .identity)
        trustAnchors = try c.decodeIfPresent([String].self, forKey: .trustAnchors) ?? []
        requestors = try c.decodeIfPresent([Requestor].self, forKey: .requestors) ?? []
        users = try c.decodeIfPresent([User].self, forKey: .users) ?? []
        usersRealm = try c.decodeIfPresent(String.self, forKey: .usersRealm) ?? usersRealm
        usersDigestKey = try c.decodeIfPresent(String.self, forKey: .usersDigestKey)
        samlIssuers = try c.decodeIfPresent([SAMLIssuer].self, forKey: .samlIssuers) ?? []
        identityMapping = try c.decodeIfPresent([MappingRule].self, forKey: .identityMapping) ?? []
        renewal = try c.decodeIfPresent(Renewal.self, forKey: .renewal) ?? renewal
        proofKeys = try c.decodeIfPresent(ProofKeys.self, forKey: .proofKeys) ?? proofKeys
        relyingParties = try c.decodeIfPresent([RelyingPartyEntry].self, forKey: .relyingParties) ?? []
        defaultRelyingParty = try c.decodeIfPresent(String.self, forKey: .defaultRelyingParty)
        lifetimes = try c.decodeIfPresent(Lifetimes.self, forKey: .lifetimes) ?? lifetimes
        security = try c.decodeIfPresent(Security.self, forKey: .security) ?? security
        delegation = try c.decodeIfPresent(Delegation.self, forKey: .delegation) ?? delegation
        secureConversation = try c.decodeIfPresent(SecureConversation.self, forKey: .secureConversation)
        helloService = try c.decodeIfPresent(HelloService.self, forKey: .helloService)
    }

    // MARK: Paths

    /// `path` resolved against ``baseDirectory`` unless it is absolute.
    public func resolvedPath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: baseDirectory, isDirectory: true).appendingPathComponent(path).standardizedFileURL.path
    }

    /// The SQLite store file, resolved against ``dataDirectory`` unless it is absolute.
    public var storePath: String {
        if store.sqlite.hasPrefix("/") { return store.sqlite }
        return URL(fileURLWithPath: resolvedPath(dataDirectory), isDirectory: true).appendingPathComponent(store.sqlite).standardizedFileURL.path
    }
}
