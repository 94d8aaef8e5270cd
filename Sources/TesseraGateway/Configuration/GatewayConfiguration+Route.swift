import TesseraServer

extension GatewayConfiguration {
    /// One proxied service: requests POSTed to ``path`` (and, when ``addressingTo`` is set,
    /// addressed to one of those WS-Addressing To values) have their consumer identity swapped
    /// for a token the route's STS issues, and go on to ``provider``.
    public struct Route: Decodable, Sendable, Hashable {
        /// The route's name in logs, metrics and audit events (bounded label values).
        public var name: String
        /// The local path consumers POST to.
        public var path: String
        /// WS-Addressing To values this route takes on its path; empty: any (or none).
        public var addressingTo: [String] = []
        /// The provider's address requests are forwarded to.
        public var provider: String
        /// The AppliesTo address of the token request; the provider address when nil.
        public var appliesTo: String?
        public var sts: STS
        /// `wst:TokenType` of the request (`saml2.0`, `saml1.1`, `usernameToken` or a URI); none:
        /// the STS decides.
        public var tokenType: String?
        /// `wst:KeyType` of the request: `bearer` (sender-vouches tokens carry no proof key); none: not sent.
        public var keyType: String?
        /// Longest wait for the STS, and for the provider, each.
        public var timeoutSeconds = 10
        public var inbound: Inbound
        public var outbound = Outbound()

        public init(name: String, path: String, provider: String, sts: STS, inbound: Inbound) {
            self.name = name
            self.path = path
            self.provider = provider
            self.sts = sts
            self.inbound = inbound
        }

        enum CodingKeys: String, CodingKey {
            case name, path, addressingTo, provider, appliesTo, sts, tokenType, keyType, timeoutSeconds, inbound, outbound
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            path = try c.decode(String.self, forKey: .path)
            addressingTo = try c.decodeIfPresent([String].self, forKey: .addressingTo) ?? []
            provider = try c.decode(String.self, forKey: .provider)
            appliesTo = try c.decodeIfPresent(String.self, forKey: .appliesTo)
            sts = try c.decode(STS.self, forKey: .sts)
            tokenType = try c.decodeIfPresent(String.self, forKey: .tokenType)
            keyType = try c.decodeIfPresent(String.self, forKey: .keyType)
            timeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .timeoutSeconds) ?? timeoutSeconds
            inbound = try c.decode(Inbound.self, forKey: .inbound)
            outbound = try c.decodeIfPresent(Outbound.self, forKey: .outbound) ?? outbound
        }

        /// The AppliesTo address the route's tokens are asked for.
        public var effectiveAppliesTo: String { appliesTo ?? provider }
    }

    /// The STS a route asks for tokens, and how.
    public struct STS: Decodable, Sendable, Hashable {
        public var endpoint: String
        /// The STS's certificate (PEM): its responses must be signed with this key, and so must
        /// the issued assertions.
        public var certificate: String
        /// `1.3` (WS-Trust 1.3) or `2005-02` (the February 2005 submission).
        public var trustVersion = "1.3"
        /// `1.1` or `1.2`: the SOAP version token requests are sent in.
        public var soapVersion = "1.2"
        /// PEM files of the certificates an `https` endpoint's TLS certificate must chain to (a
        /// private CA, or the pinned server certificate itself); empty: the system's trust store.
        public var tlsCertificateAuthorities: [String] = []

        public init(
            endpoint: String, certificate: String, trustVersion: String = "1.3", soapVersion: String = "1.2",
            tlsCertificateAuthorities: [String] = []
        ) {
            self.endpoint = endpoint
            self.certificate = certificate
            self.trustVersion = trustVersion
            self.soapVersion = soapVersion
            self.tlsCertificateAuthorities = tlsCertificateAuthorities
        }

        enum CodingKeys: String, CodingKey { case endpoint, certificate, trustVersion, soapVersion, tlsCertificateAuthorities }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            endpoint = try c.decode(String.self, forKey: .endpoint)
            certificate = try c.decode(String.self, forKey: .certificate)
            trustVersion = try c.decodeIfPresent(String.self, forKey: .trustVersion) ?? trustVersion
            soapVersion = try c.decodeIfPresent(String.self, forKey: .soapVersion) ?? soapVersion
            tlsCertificateAuthorities = try c.decodeIfPresent([String].self, forKey: .tlsCertificateAuthorities) ?? []
        }
    }

    /// Which consumer UsernameToken the route takes.
    public struct Inbound: Decodable, Sendable, Hashable {
        /// `identity-assertion` (a username without password, from trusted consumers only) or
        /// `password` (a UsernameToken with a password, passed to the STS to check).
        public var form: String
        /// Networks (CIDR, IPv4 or IPv6) whose connections may assert an identity.
        public var trustedNetworks: [String] = []
        /// Consumers that passed mutual TLS (``TLS/clientCertificateAuthorities``) may assert an identity.
        public var trustClientCertificates = false

        public init(form: String, trustedNetworks: [String] = [], trustClientCertificates: Bool = false) {
            self.form = form
            self.trustedNetworks = trustedNetworks
            self.trustClientCertificates = trustClientCertificates
        }

        enum CodingKeys: String, CodingKey { case form, trustedNetworks, trustClientCertificates }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            form = try c.decode(String.self, forKey: .form)
            trustedNetworks = try c.decodeIfPresent([String].self, forKey: .trustedNetworks) ?? []
            trustClientCertificates = try c.decodeIfPresent(Bool.self, forKey: .trustClientCertificates) ?? false
        }
    }

    /// How the forwarded message is secured.
    public struct Outbound: Decodable, Sendable, Hashable {
        /// `sender-vouches`: the gateway signs the assertion with the message (SAML Token
        /// Profile 1.1 §3.5); `secure-conversation`: under a security context with the provider
        /// (``secureConversation``).
        public var binding = "sender-vouches"
        /// How the gateway's signature references the assertion: `str-transform` (through a
        /// SecurityTokenReference and the STR Dereference Transform, WSS 1.1 §8.3) or `direct`
        /// (by its ID).
        public var assertionReference = AssertionSigningForm.strTransform.rawValue
        /// The `secure-conversation` binding's settings (required with it, refused otherwise).
        public var secureConversation: SecureConversationOutbound?

        public init(binding: String = "sender-vouches", assertionReference: String = AssertionSigningForm.strTransform.rawValue) {
            self.binding = binding
            self.assertionReference = assertionReference
        }

        enum CodingKeys: String, CodingKey { case binding, assertionReference, secureConversation }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            binding = try c.decodeIfPresent(String.self, forKey: .binding) ?? binding
            assertionReference = try c.decodeIfPresent(String.self, forKey: .assertionReference) ?? assertionReference
            secureConversation = try c.decodeIfPresent(SecureConversationOutbound.self, forKey: .secureConversation)
        }
    }
}
