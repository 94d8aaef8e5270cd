import TesseraServer

extension GatewayConfiguration {
    /// `outbound.secureConversation` of a route whose binding is `secure-conversation`: the
    /// gateway establishes a security context with the provider (WS-SecureConversation 1.3, or
    /// the February 2005 submission) per consumer identity, and sends each request signed and
    /// encrypted with keys derived from it.
    public struct SecureConversationOutbound: Decodable, Sendable, Hashable {
        /// How the gateway authenticates when it establishes a context: `saml-holder-of-key`
        /// (the STS issues a SAML assertion for the consumer's identity confirmed by the gateway's
        /// key, and that key signs the RST: the provider's context belongs to the consumer) or
        /// `x509` (the gateway's own key signs the RST: the context belongs to the gateway).
        public var bootstrap = "saml-holder-of-key"
        /// PEM file of the provider's certificate: the RST's Body (with the gateway's entropy)
        /// is encrypted for it, and the provider's responses must be signed with its key.
        public var providerCertificate: String
        /// `1.3` or `2005-02`.
        public var version = "1.3"
        /// The SOAP version spoken with the provider, `1.1` or `1.2`; answers go back to the
        /// consumer in the consumer's version.
        public var soapVersion = "1.2"
        /// How requests are signed and encrypted: `basic256` (the default), `basic128`,
        /// `basic256-sha256` or `basic128-sha256` (WS-SecurityPolicy 1.2 §6.1).
        public var algorithmSuite = "basic256"
        /// The context lifetime asked for, in seconds; none: the provider decides.
        public var tokenLifetimeSeconds: Int?
        /// The fraction of a context's lifetime after which it is renewed, in (0, 1].
        public var renewalFraction = 0.8
        /// Renew at the latest this many seconds before the context expires.
        public var renewalWindowSeconds: Int?
        /// Cancel every context when the gateway stops.
        public var cancelOnShutdown = true

        public init(bootstrap: String = "saml-holder-of-key", providerCertificate: String) {
            self.bootstrap = bootstrap
            self.providerCertificate = providerCertificate
        }

        enum CodingKeys: String, CodingKey {
            case bootstrap, providerCertificate, version, soapVersion, algorithmSuite, tokenLifetimeSeconds, renewalFraction
            case renewalWindowSeconds, cancelOnShutdown
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            bootstrap = try c.decodeIfPresent(String.self, forKey: .bootstrap) ?? bootstrap
            providerCertificate = try c.decode(String.self, forKey: .providerCertificate)
            version = try c.decodeIfPresent(String.self, forKey: .version) ?? version
            soapVersion = try c.decodeIfPresent(String.self, forKey: .soapVersion) ?? soapVersion
            algorithmSuite = try c.decodeIfPresent(String.self, forKey: .algorithmSuite) ?? algorithmSuite
            tokenLifetimeSeconds = try c.decodeIfPresent(Int.self, forKey: .tokenLifetimeSeconds)
            renewalFraction = try c.decodeIfPresent(Double.self, forKey: .renewalFraction) ?? renewalFraction
            renewalWindowSeconds = try c.decodeIfPresent(Int.self, forKey: .renewalWindowSeconds)
            cancelOnShutdown = try c.decodeIfPresent(Bool.self, forKey: .cancelOnShutdown) ?? cancelOnShutdown
        }
    }
}
