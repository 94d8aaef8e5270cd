extension ServerConfiguration {
    /// The WS-SecureConversation service `tessera serve` hosts beside the STS: the sample echo
    /// service (``TesseraSamples/EchoService``), which is also the issuer of its security context tokens
    /// (WS-SC 1.3 §3, and the February 2005 submission). Off when the section is absent.
    ///
    /// The service signs with ``Identity/signingKey``; with the `x509` bootstrap a client's
    /// certificate must chain to ``trustAnchors`` or be a configured requestor's, with
    /// `username-over-tls` the client authenticates as one of ``users`` (the server must have
    /// `tls`, or a `publicBaseURL` in https behind a TLS-terminating proxy), with `issued-saml`
    /// the client presents a SAML assertion from one of ``IssuedSAML/issuers``.
    public struct SecureConversation: Codable, Sendable, Hashable {
        /// The path RST/SCT requests and the messages under a context are POSTed to.
        public var path = "/echo"
        /// The WS-SC versions answered; requests in another are refused.
        public var versions: [VersionName] = VersionName.allCases
        /// Where contexts are kept: the server's store, or cookies sealed under ``cookieKey``.
        public var contexts: KeepingName = .stateful
        /// Cookie mode: a file holding the 32-byte AES-256 key that seals cookies, in base64
        /// (`head -c 32 /dev/urandom | base64 > cookie.key`). Every instance needs the same file.
        public var cookieKey: String?
        /// Cookie mode: older keys (same format) that still open cookies, for key rotation.
        public var previousCookieKeys: [String] = []
        /// Who may establish a context.
        public var bootstrap: BootstrapName = .x509
        /// `x509` bootstrap: client entropy only inside an encrypted Body (or EncryptedKey).
        public var requireEncryptedEntropy = true
        /// `issued-saml` bootstrap: the trusted issuers and the audience (required with it).
        public var issuedSAML: IssuedSAML?
        /// Smallest key size granted, in bits (WS-Trust KeySize); smaller requests get this.
        public var minimumKeySize = 128
        /// Largest key size granted, in bits; larger requests get this.
        public var maximumKeySize = 512
        /// Granted when the request names no KeySize.
        public var defaultKeySize = 256
        /// Context lifetimes (WS-SC 1.3 §3), in seconds.
        public var lifetimes = Lifetimes()
        /// Whether contexts are renewed, and how long after expiry (WS-SC 1.3 §8).
        public var renewal = Renewal()
        /// Whether contexts are amended with further claims (WS-SC 1.3 §7).
        public var amendment = Amendment()
        /// How responses under a context are signed and encrypted (WS-SecurityPolicy 1.2 §6.1).
        public var algorithmSuite: AlgorithmSuiteName = .basic256
        /// Echo each request signature in a WSS 1.1 SignatureConfirmation of the response.
        public var signatureConfirmation = false

        public init() {}

        enum CodingKeys: String, CodingKey {
            case path, versions, contexts, cookieKey, previousCookieKeys, bootstrap, requireEncryptedEntropy, issuedSAML
            case minimumKeySize, maximumKeySize, defaultKeySize, lifetimes, renewal, amendment, algorithmSuite, signatureConfirmation
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            path = try c.decodeIfPresent(String.self, forKey: .path) ?? path
            versions = try c.decodeIfPresent([VersionName].self, forKey: .versions) ?? versions
            contexts = try c.decodeIfPresent(KeepingName.self, forKey: .contexts) ?? contexts
            cookieKey = try c.decodeIfPresent(String.self, forKey: .cookieKey)
            previousCookieKeys = try c.decodeIfPresent([String].self, forKey: .previousCookieKeys) ?? []
            bootstrap = try c.decodeIfPresent(BootstrapName.self, forKey: .bootstrap) ?? bootstrap
            requireEncryptedEntropy = try c.decodeIfPresent(Bool.self, forKey: .requireEncryptedEntropy) ?? requireEncryptedEntropy
            issuedSAML = try c.decodeIfPresent(IssuedSAML.self, forKey: .issuedSAML)
            minimumKeySize = try c.decodeIfPresent(Int.self, forKey: .minimumKeySize) ?? minimumKeySize
            maximumKeySize = try c.decodeIfPresent(Int.self, forKey: .maximumKeySize) ?? maximumKeySize
            defaultKeySize = try c.decodeIfPresent(Int.self, forKey: .defaultKeySize) ?? defaultKeySize
            lifetimes = try c.decodeIfPresent(Lifetimes.self, forKey: .lifetimes) ?? lifetimes
            renewal = try c.decodeIfPresent(Renewal.self, forKey: .renewal) ?? renewal
            amendment = try c.decodeIfPresent(Amendment.self, forKey: .amendment) ?? amendment
            algorithmSuite = try c.decodeIfPresent(AlgorithmSuiteName.self, forKey: .algorithmSuite) ?? algorithmSuite
            signatureConfirmation = try c.decodeIfPresent(Bool.self, forKey: .signatureConfirmation) ?? signatureConfirmation
        }

        /// Renewal of contexts (WS-SC 1.3 §5, §8).
        public struct Renewal: Codable, Sendable, Hashable {
            /// Answer Renew; when false every Renew is refused with `wsc:UnableToRenew`.
            public var enabled = true
            /// How long after its expiry a context may still be renewed by its owner (0: not).
            public var expiredWindowSeconds = 0

            public init(enabled: Bool = true, expiredWindowSeconds: Int = 0) {
                self.enabled = enabled
                self.expiredWindowSeconds = expiredWindowSeconds
            }

            enum CodingKeys: String, CodingKey { case enabled, expiredWindowSeconds }

            public init(from decoder: any Decoder) throws {
                let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
                enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
                expiredWindowSeconds = try c.decodeIfPresent(Int.self, forKey: .expiredWindowSeconds) ?? expiredWindowSeconds
            }
        }

        /// Amendment of contexts (WS-SC 1.3 §7): the owner adds the subject of a certificate that
        /// chains to the STS's trust (`trustAnchors`, configured requestors), proven by that
        /// certificate's signature over the request, or, with ``ownSTSAssertions``, the subject
        /// of a holder-of-key SAML assertion this server's STS issued, proven by a signature of
        /// the key it confirms.
        public struct Amendment: Codable, Sendable, Hashable {
            /// Answer Amend; when false every Amend is refused with `wst:RequestFailed`.
            public var enabled = true
            /// Most claims a context may carry (1...32).
            public var maximumClaims = 16
            /// Accept holder-of-key SAML assertions issued by this server's STS (its issuer name
            /// and signing certificate; its token store says whether one was cancelled) for the
            /// service's published address (`publicBaseURL` + `path`, or `issuedSAML.audiences`).
            public var ownSTSAssertions = false

            public init(enabled: Bool = true, maximumClaims: Int = 16, ownSTSAssertions: Bool = false) {
                self.enabled = enabled
                self.maximumClaims = maximumClaims
                self.ownSTSAssertions = ownSTSAssertions
            }

            enum CodingKeys: String, CodingKey { case enabled, maximumClaims, ownSTSAssertions }

            public init(from decoder: any Decoder) throws {
                let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
                enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
                maximumClaims = try c.decodeIfPresent(Int.self, forKey: .maximumClaims) ?? maximumClaims
                ownSTSAssertions = try c.decodeIfPresent(Bool.self, forKey: .ownSTSAssertions) ?? ownSTSAssertions
            }
        }

        /// A WS-SC version by its configuration name.
        public enum VersionName: String, Codable, Sendable, Hashable, CaseIterable {
            /// OASIS WS-SecureConversation 1.3 (with WS-Trust 1.3).
            case v13 = "1.3"
            /// The February 2005 submission (with WS-Trust 2005/02).
            case v200502 = "2005-02"

            public init(from decoder: any Decoder) throws {
                self = try decodeName(decoder, "a WS-SecureConversation version")
            }
        }

        /// Where contexts are kept.
        public enum KeepingName: String, Codable, Sendable, Hashable, CaseIterable {
            /// In the server's store (SQLite or PostgreSQL), secrets sealed with the master key.
            case stateful
            /// In the tokens (cookies), with Cancel recorded in the store's revocation list.
            case cookie

            public init(from decoder: any Decoder) throws {
                self = try decodeName(decoder, "a way to keep contexts")
            }
        }

        /// How a client establishing a context authenticates.
        public enum BootstrapName: String, Codable, Sendable, Hashable, CaseIterable {
            /// RST signed with a trusted X.509 key (asymmetric binding); the default.
            case x509
            /// A UsernameToken of one of the configured users, over TLS only.
            case usernameOverTLS = "username-over-tls"
            /// A SAML 2.0 or 1.1 assertion from a trusted issuer (``IssuedSAML``): holder-of-key
            /// proven by the RST's signature, or bearer over TLS where the issuer allows it.
            case issuedSAML = "issued-saml"

            public init(from decoder: any Decoder) throws {
                self = try decodeName(decoder, "a bootstrap policy")
            }
        }

        /// The `issued-saml` bootstrap's trust: whose assertions establish contexts, and for
        /// which audience they must be issued.
        public struct IssuedSAML: Codable, Sendable, Hashable {
            /// The issuers whose assertions are accepted (at least one).
            public var issuers: [Issuer] = []
            /// The AudienceRestriction values accepted: the echo service's address as clients
            /// ask their STS for it (AppliesTo). Default: `publicBaseURL` + `path`.
            public var audiences: [String]?

            public init(issuers: [Issuer] = [], audiences: [String]? = nil) {
                self.issuers = issuers
                self.audiences = audiences
            }

            enum CodingKeys: String, CodingKey { case issuers, audiences }

            public init(from decoder: any Decoder) throws {
                let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
                issuers = try c.decodeIfPresent([Issuer].self, forKey: .issuers) ?? []
                audiences = try c.decodeIfPresent([String].self, forKey: .audiences)
            }

            /// One trusted SAML issuer (this server's own STS is one like any other: its
            /// `identity.issuer` and `identity.signingCertificate`).
            public struct Issuer: Codable, Sendable, Hashable {
                /// The assertions' `Issuer`, compared exactly.
                public var name: String
                /// PEM files of its signing certificates (pinned, no chain is built).
                public var certificates: [String]
                /// Accept its bearer assertions (over TLS only); holder-of-key is always accepted.
                public var acceptBearer = false

                public init(name: String, certificates: [String], acceptBearer: Bool = false) {
                    self.name = name
                    self.certificates = certificates
                    self.acceptBearer = acceptBearer
                }

                enum CodingKeys: String, CodingKey { case name, certificates, acceptBearer }

                public init(from decoder: any Decoder) throws {
                    let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
                    name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
                    certificates = try c.decodeIfPresent([String].self, forKey: .certificates) ?? []
                    acceptBearer = try c.decodeIfPresent(Bool.self, forKey: .acceptBearer) ?? false
                }
            }
        }

        /// A WS-SecurityPolicy 1.2 algorithm suite for messages under a context.
        public enum AlgorithmSuiteName: String, Codable, Sendable, Hashable, CaseIterable {
            /// HMAC-SHA1 (192-bit derived key), SHA-1 digests, AES-256-CBC: WCF's default.
            case basic256
            /// HMAC-SHA1 (128-bit derived key), SHA-1 digests, AES-128-CBC.
            case basic128
            /// HMAC-SHA256 (192-bit derived key), SHA-256 digests, AES-256-CBC.
            case basic256Sha256 = "basic256-sha256"
            /// HMAC-SHA256 (128-bit derived key), SHA-256 digests, AES-128-CBC.
            case basic128Sha256 = "basic128-sha256"

            public init(from decoder: any Decoder) throws {
                self = try decodeName(decoder, "an algorithm suite")
            }
        }
    }

    /// Checks the ``secureConversation`` section: a route of its own, versions, a cookie key in
    /// cookie mode only, key sizes and lifetimes in order, a username bootstrap only over TLS,
    /// an issued-SAML bootstrap with its issuers and an audience (bearer only over TLS).
    func validateSecureConversation(into issues: inout IssueCollector) {
        guard let section = secureConversation else { return }
        let path = FieldPath()("secureConversation")
        if let problem = Self.problem(withPath: section.path) {
            issues.add(path("path"), problem)
        } else if Self.operationsPaths.contains(section.path) {
            issues.add(path("path"), "\(section.path) is reserved for operations")
        } else if section.path == endpoint.path {
            issues.add(path("path"), "\(section.path) is the STS endpoint (endpoint.path)")
        } else if adfs.enabled, STSRoutes(configuration: self).adfsPaths.contains(section.path) {
            issues.add(path("path"), "\(section.path) is one of the ADFS endpoints")
        }
        if section.versions.isEmpty { issues.add(path("versions"), "must name at least one version (1.3, 2005-02)") }
        if Set(section.versions).count != section.versions.count { issues.add(path("versions"), "names a version twice") }

        switch section.contexts {
        case .stateful:
            if section.cookieKey != nil { issues.add(path("cookieKey"), "is used only with contexts: cookie") }
            if !section.previousCookieKeys.isEmpty { issues.add(path("previousCookieKeys"), "are used only with contexts: cookie") }
        case .cookie:
            if section.cookieKey?.isEmpty ?? true { issues.add(path("cookieKey"), "must name the cookie key file when contexts is cookie") }
            for (index, file) in section.previousCookieKeys.enumerated() where file.isEmpty {
                issues.add(path("previousCookieKeys")[index], "must name a key file")
            }
        }

        // Requests may come over TLS: a TLS listener, or trusted TLS-terminating proxies.
        let tlsPossible = tls != nil || !listen.trustedProxies.isEmpty
        if section.bootstrap == .usernameOverTLS {
            if users.isEmpty { issues.add(path("bootstrap"), "username-over-tls needs users to authenticate") }
            if !tlsPossible {
                issues.add(path("bootstrap"), "username-over-tls needs tls (or listen.trustedProxies for a TLS-terminating proxy)")
            }
            if !section.requireEncryptedEntropy {
                // The setting is the x509 bootstrap's; TLS protects entropy in the other.
                issues.add(path("requireEncryptedEntropy"), "applies to the x509 bootstrap only")
            }
        }
        validateIssuedSAML(section, path: path, overTLS: tlsPossible, into: &issues)

        let keySizes = 128...4096
        for (field, size) in [
            ("minimumKeySize", section.minimumKeySize), ("maximumKeySize", section.maximumKeySize), ("defaultKeySize", section.defaultKeySize),
        ]
        where !keySizes.contains(size) || size % 8 != 0 {
            issues.add(path(field), "must be a multiple of 8 between \(keySizes.lowerBound) and \(keySizes.upperBound)")
        }
        if section.maximumKeySize < section.minimumKeySize {
            issues.add(path("maximumKeySize"), "must be at least minimumKeySize (\(section.minimumKeySize))")
        }
        if !(section.minimumKeySize...max(section.minimumKeySize, section.maximumKeySize)).contains(section.defaultKeySize) {
            issues.add(path("defaultKeySize"), "must be between minimumKeySize and maximumKeySize")
        }

        let lifetimesPath = path("lifetimes")
        if section.lifetimes.defaultSeconds <= 0 { issues.add(lifetimesPath("defaultSeconds"), "must be more than 0") }
        if section.lifetimes.maximumSeconds < section.lifetimes.defaultSeconds {
            issues.add(lifetimesPath("maximumSeconds"), "must be at least secureConversation.lifetimes.defaultSeconds (\(section.lifetimes.defaultSeconds))")
        }

        let renewalPath = path("renewal")
        if !(0...86_400).contains(section.renewal.expiredWindowSeconds) {
            issues.add(renewalPath("expiredWindowSeconds"), "must be between 0 and 86400")
        } else if !section.renewal.enabled, section.renewal.expiredWindowSeconds > 0 {
            issues.add(renewalPath("expiredWindowSeconds"), "applies only when secureConversation.renewal.enabled is true")
        }
        if section.amendment.ownSTSAssertions, issuedSAMLAudiences(section).isEmpty {
            issues.add(path("amendment")("ownSTSAssertions"), "needs publicBaseURL (or issuedSAML.audiences) to name the audience")
        }
        if !(1...32).contains(section.amendment.maximumClaims) {
            issues.add(path("amendment")("maximumClaims"), "must be between 1 and 32")
        }
    }
}

extension ServerConfiguration {
    /// The `issued-saml` bootstrap's section: present exactly when that bootstrap is chosen, with
    /// named issuers (each once, with certificate files), an audience (or a `publicBaseURL` to
    /// make one from), and bearer assertions only where requests arrive over TLS.
    private func validateIssuedSAML(_ section: SecureConversation, path: FieldPath, overTLS: Bool, into issues: inout IssueCollector) {
        guard section.bootstrap == .issuedSAML else {
            if section.issuedSAML != nil { issues.add(path("issuedSAML"), "is used only with bootstrap: issued-saml") }
            return
        }
        if !section.requireEncryptedEntropy {
            issues.add(path("requireEncryptedEntropy"), "applies to the x509 bootstrap only")
        }
        guard let saml = section.issuedSAML else {
            issues.add(path("issuedSAML"), "issued-saml needs the issuers whose assertions are accepted")
            return
        }
        let samlPath = path("issuedSAML")
        if saml.issuers.isEmpty { issues.add(samlPath("issuers"), "must name at least one issuer") }
        var seen = Set<String>()
        for (index, issuer) in saml.issuers.enumerated() {
            let issuerPath = samlPath("issuers")[index]
            if issuer.name.isEmpty {
                issues.add(issuerPath("name"), "must be the Issuer its assertions carry")
            } else if !seen.insert(issuer.name).inserted {
                issues.add(issuerPath("name"), "names \(issuer.name) twice")
            }
            if issuer.certificates.isEmpty { issues.add(issuerPath("certificates"), "must name at least one PEM certificate file") }
            if issuer.acceptBearer, !overTLS {
                issues.add(issuerPath("acceptBearer"), "bearer assertions need tls (or listen.trustedProxies for a TLS-terminating proxy)")
            }
        }
        if let audiences = saml.audiences {
            if audiences.isEmpty || audiences.contains(where: \.isEmpty) { issues.add(samlPath("audiences"), "must name at least one non-empty audience") }
        } else if publicBaseURL == nil {
            issues.add(samlPath("audiences"), "must name the audience assertions are issued for (or set publicBaseURL)")
        }
    }

    /// The audiences an `issued-saml` bootstrap accepts: the configured ones, or the service's
    /// public address.
    func issuedSAMLAudiences(_ section: SecureConversation) -> Set<String> {
        if let audiences = section.issuedSAML?.audiences { return Set(audiences) }
        guard let base = publicBaseURL else { return [] }
        return [(base.hasSuffix("/") ? String(base.dropLast()) : base) + section.path]
    }
}
