import Foundation
import SAML
public import SecurityCore
public import STS
import WSSecurity
import WSTrust
import XMLSecurity

/// The one place the configuration file becomes the token service's configuration.
extension STSConfiguration {
    /// The token service configuration `configuration` describes, with its key and certificate
    /// files read, its users' hashes parsed and every relying party checked with
    /// ``RelyingParty/validate()``.
    ///
    /// Trust: a requestor's signing certificate must chain to one of `trustAnchors`, or be the
    /// certificate configured for a requestor (configured requestor certificates are pinned:
    /// naming one is an explicit decision to trust it). SAML issuers' certificates are pinned too.
    ///
    /// - Parameters:
    ///   - clock: Where every time check takes "now" from.
    ///   - replayCache: Remembers nonces and signature values; shared by every instance of a
    ///     deployment when it is a shared store.
    /// - Throws: ``ConfigurationError`` naming each field whose file is missing, unreadable,
    ///   holds no usable key or certificate, or whose key does not belong to its certificate;
    ///   each relying-party setting that cannot work with the others; each JWT algorithm no
    ///   configured key signs.
    public init(
        _ configuration: ServerConfiguration, clock: TimeSource = .system,
        replayCache: any ReplayCache = InMemoryReplayCache()
    ) throws(ConfigurationError) {
        var files = PEMFileReader(configuration: configuration)
        let root = FieldPath()
        let identity = root("identity")
        let credential = files.credential(
            key: configuration.identity.signingKey, keyField: identity("signingKey"),
            certificate: configuration.identity.signingCertificate, certificateField: identity("signingCertificate"))
        let anchors = configuration.trustAnchors.enumerated().flatMap { index, path in
            files.certificates(at: path, field: root("trustAnchors")[index])
        }
        let delegationAnchors = configuration.delegation.certificateAnchors.enumerated().flatMap { index, path in
            files.certificates(at: path, field: root("delegation")("certificateAnchors")[index])
        }
        let requestors = configuration.requestors.enumerated().compactMap { index, requestor -> TrustedRequestor? in
            guard let certificate = files.certificates(at: requestor.certificate, field: root("requestors")[index]("certificate")).first else { return nil }
            return TrustedRequestor(name: requestor.name, certificate: certificate, mayDelegate: requestor.mayDelegate, realm: requestor.realm)
        }
        let samlIssuers = configuration.samlIssuers.enumerated().map { index, issuer in
            let certificates = issuer.certificates.enumerated().flatMap { position, path in
                files.certificates(at: path, field: root("samlIssuers")[index]("certificates")[position])
            }
            return TrustedSAMLIssuer(name: issuer.name, certificates: certificates, realm: issuer.realm)
        }
        let parties = configuration.relyingParties.enumerated().map { index, entry in
            var party = RelyingParty(entry)
            if let path = entry.encryptionCertificate {
                party.encryptionCertificate = files.certificates(at: path, field: root("relyingParties")[index]("encryptionCertificate")).first
            }
            return party
        }
        var keyIssues = IssueCollector()
        let extraJWTKeys = configuration.identity.jwtSigningKeys.enumerated().compactMap { index, entry -> JWTSigningKey? in
            let field = identity("jwtSigningKeys")[index]("key")
            guard let key = files.privateKey(at: entry.key, field: field) else { return nil }
            do {
                return try JWTSigningKey(key, keyID: entry.keyID)
            } catch {
                keyIssues.add(field, "'\(entry.key)' cannot sign JWTs (RSA of 2048 bits or more for RS256, EC P-256 for ES256)")
                return nil
            }
        }
        var issues = files.issues
        issues.add(contentsOf: keyIssues)
        try issues.throwIfAny()
        guard let credential else { throw ConfigurationError(field: identity("signingKey").description, "no usable signing credential") }

        let jwtKeys = extraJWTKeys + [try? JWTSigningKey(credential.privateKey)].compactMap { $0 }
        for (index, party) in parties.enumerated() {
            let path = root("relyingParties")[index]
            do {
                try party.validate()
            } catch let error as RelyingPartyConfigurationError {
                issues.add(path(error.field), error.reason)
            } catch {
                issues.add(path, "cannot be used")
            }
            if party.tokenType == .jwt, !jwtKeys.contains(where: { $0.algorithm == party.jwtAlgorithm }) {
                issues.add(path("jwtAlgorithm"), "no configured key signs \(party.jwtAlgorithm.rawValue): add one to identity.jwtSigningKeys")
            }
        }
        let users = UserDirectory(configuration, issues: &issues)
        try issues.throwIfAny()

        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: anchors, pinned: requestors.map(\.certificate)))
        inbound.clock = clock
        inbound.replayCache = replayCache
        inbound.clockSkew = TimeInterval(configuration.security.clockSkewSeconds)
        inbound.timestampMaxAge = TimeInterval(configuration.security.timestampMaxAgeSeconds)
        inbound.usernameTokenMaxAge = TimeInterval(configuration.security.timestampMaxAgeSeconds)
        inbound.signaturePolicy._WEAK_allowSHA1PublicKeySignatures = configuration.security.INSECURE_acceptSHA1Signatures

        let defaultParty = configuration.defaultRelyingParty.flatMap { name in parties.first { $0.name == name } }
        self.init(
            issuerName: configuration.identity.issuer, signingCredential: credential,
            relyingParties: RelyingPartyRegistry(parties: parties, defaultParty: defaultParty), inbound: inbound, requestors: requestors)
        if !delegationAnchors.isEmpty { delegationTrustStore = X509TrustStore(anchors: delegationAnchors) }
        delegatedAssertionAudiences = Set(configuration.delegation.assertionAudiences)
        acceptsPasswordDigestWithoutTLS = configuration.security.INSECURE_acceptPasswordDigestWithoutTLS
        statusAuditors = Set(configuration.security.tokenStatusAuditors.map { $0.contains(":") ? $0 : "x509:" + $0 })
        nameQualifier = configuration.identity.nameQualifier
        signResponses = configuration.identity.signResponses
        lifetimes = LifetimePolicy(
            defaultLifetime: TimeInterval(configuration.lifetimes.defaultSeconds),
            maximumLifetime: TimeInterval(configuration.lifetimes.maximumSeconds),
            clockSkew: TimeInterval(configuration.security.clockSkewSeconds))
        self.users = users
        self.samlIssuers = samlIssuers
        self.jwtKeys = jwtKeys
        identityMapping = IdentityMapping(rules: configuration.identityMapping.map(IdentityMapping.Rule.init))
        renewal = RenewalPolicy(
            enabled: configuration.renewal.enabled, renewableByDefault: configuration.renewal.renewableByDefault,
            renewableByParty: Dictionary(
                configuration.relyingParties.compactMap { entry in entry.renewable.map { (entry.name, $0) } },
                uniquingKeysWith: { first, _ in first }),
            windowAfterExpiry: TimeInterval(configuration.renewal.windowAfterExpirySeconds))
        proofKeys = ProofKeyPolicy(configuration.proofKeys)
    }
}

extension RelyingPartyRegistry {
    /// The relying parties' names and addresses as configured, with the default party, without
    /// reading any file (no encryption certificates): enough to tell which party an AppliesTo
    /// selects, for logs and metrics. The token service's registry comes from
    /// ``STS/STSConfiguration/init(_:clock:replayCache:)``.
    public init(_ configuration: ServerConfiguration) {
        let parties = configuration.relyingParties.map(RelyingParty.init)
        self.init(parties: parties, defaultParty: configuration.defaultRelyingParty.flatMap { name in parties.first { $0.name == name } })
    }
}

extension RelyingParty {
    /// The relying party a validated configuration entry describes, except its encryption
    /// certificate, which is a file (read by ``STS/STSConfiguration/init(_:clock:replayCache:)``).
    public init(_ entry: ServerConfiguration.RelyingPartyEntry) {
        let tokenType: TokenType =
            switch entry.tokenType {
            case .saml20: .saml20
            case .saml11: .saml11
            case .jwt: .jwt
            case .usernameToken: .usernameToken
            }
        let confirmation: SAMLConfirmationKind =
            switch entry.confirmation {
            case .bearer: .bearer
            case .senderVouches: .senderVouches
            case .holderOfKey: .holderOfKey
            }
        self.init(
            name: entry.name, addresses: entry.appliesTo.map(AddressPattern.init), tokenType: tokenType, keyType: KeyType(entry.keyType),
            lifetime: entry.lifetimeSeconds.map(TimeInterval.init), audience: entry.audience,
            nameIDFormat: entry.nameIDFormatURI ?? .unspecified, confirmation: confirmation,
            acceptedKeyTypes: entry.acceptedKeyTypes.map { Set($0.map(KeyType.init)) })
        claims = entry.claims.map(ClaimRule.init)
        authorization = entry.authorization?.rule
        issuesSecurityContexts = entry.securityContexts
        encryptsToken = entry.encryptsToken
        signatureAlgorithm =
            switch entry.signatureAlgorithm {
            case .rsaSHA256: .rsaSHA256
            case .rsaSHA512: .rsaSHA512
            case .rsaSHA1: .rsaSHA1
            }
        _WEAK_allowSHA1Signature = entry.INSECURE_allowSHA1Signature
        jwtAlgorithm =
            switch entry.jwtAlgorithm {
            case .rs256: .rs256
            case .es256: .es256
            }
        jwtEncapsulation =
            switch entry.jwtEncapsulation {
            case .tokenWrapper: .cxfTokenWrapper
            case .binarySecurityToken: .binarySecurityToken
            }
    }
}

extension RelyingParty.AddressPattern {
    init(_ pattern: ServerConfiguration.AddressPattern) {
        switch pattern {
        case .exact(let value): self = .exact(value)
        case .prefix(let value): self = .prefix(value)
        }
    }
}

extension KeyType {
    init(_ name: ServerConfiguration.KeyTypeName) {
        self =
            switch name {
            case .bearer: .bearer
            case .symmetricKey: .symmetricKey
            case .publicKey: .publicKey
            }
    }
}

extension ClaimRule {
    init(_ claim: ServerConfiguration.RelyingPartyEntry.Claim) {
        switch claim.source {
        case .constant(let values): self.init(name: claim.name, source: .constant(values))
        case .subjectAttribute(let attribute): self.init(name: claim.name, source: .subjectAttribute(attribute))
        }
    }
}

extension UserDirectory {
    /// The configured users, nil when there are none; each hash that cannot be read is a
    /// problem against its `passwordHash` field. Digest passwords are checked here, at start:
    /// each must be in the sealed form and open with the `usersDigestKey` file's key for its
    /// user, and that file must be usable whenever a user has one.
    init?(_ configuration: ServerConfiguration, issues: inout IssueCollector) {
        guard !configuration.users.isEmpty else { return nil }
        let digestKey = Self.digestKey(configuration, issues: &issues)
        var users: [User] = []
        for (index, user) in configuration.users.enumerated() {
            let field = FieldPath("users")[index]
            var sealed: SealedPassword?
            if let text = user.digestPassword {
                do {
                    sealed = try SealedPassword(sealed: text)
                } catch {
                    issues.add(field("digestPassword"), "is not a sealed password (\(error.reason)); make one with tessera hash-password --digest-key")
                }
                if configuration.usersDigestKey == nil {
                    issues.add(field("digestPassword"), "needs usersDigestKey, the file of the key it was sealed with")
                } else if let sealed, let digestKey, !sealed.opens(for: user.name, key: digestKey) {
                    issues.add(field("digestPassword"), "does not open with the usersDigestKey key for this user's name")
                }
            }
            do {
                users.append(
                    User(
                        name: user.name, passwordHash: try PasswordHash(phc: user.passwordHash), digestPassword: sealed,
                        attributes: user.attributes.map(IdentityAttribute.init)))
            } catch {
                issues.add(field("passwordHash"), "is not a usable password hash (\(error.reason))")
            }
        }
        do {
            self = try UserDirectory(users: users, realm: configuration.usersRealm, digestKey: digestKey)
        } catch {
            issues.add(FieldPath("users"), error.reason)
            return nil
        }
    }
}

extension UserDirectory {
    /// The key of the `usersDigestKey` file, nil when none is configured or it cannot be used
    /// (a problem against `usersDigestKey`, and then no user is given a digest password).
    fileprivate static func digestKey(_ configuration: ServerConfiguration, issues: inout IssueCollector) -> [UInt8]? {
        guard let path = configuration.usersDigestKey else { return nil }
        do {
            return try DigestKeyFile.load(from: configuration.resolvedPath(path))
        } catch {
            for issue in error.issues { issues.add(FieldPath(issue.field), issue.problem) }
            return nil
        }
    }
}

extension IdentityAttribute {
    init(_ attribute: ServerConfiguration.Attribute) {
        self.init(name: attribute.name, values: attribute.values)
    }
}

extension IdentityMapping.Rule {
    init(_ rule: ServerConfiguration.MappingRule) {
        self.init(
            realm: rule.realm, names: rule.names.map(IdentityMapping.NameRewrite.init),
            attributeNames: rule.attributeNames, addedAttributes: rule.addedAttributes.map(IdentityAttribute.init))
    }
}

extension IdentityMapping.NameRewrite {
    init(_ rewrite: ServerConfiguration.NameRewrite) {
        self =
            switch rewrite {
            case .exact(let from, let to): .exact(from, to: to)
            case .replacePrefix(let prefix, let with): .replacePrefix(prefix, with: with)
            case .replaceSuffix(let suffix, let with): .replaceSuffix(suffix, with: with)
            }
    }
}

extension ProofKeyPolicy {
    init(_ settings: ServerConfiguration.ProofKeys) {
        let mode: SymmetricKeyEntropyMode =
            switch settings.entropy {
            case .combined: .combined
            case .issuer: .issuer
            case .requestor: .requestor
            }
        self.init(
            minimumKeySize: settings.minimumKeySize, maximumKeySize: settings.maximumKeySize, defaultKeySize: settings.defaultKeySize,
            entropyMode: mode, minimumRequestorEntropyBytes: settings.minimumRequestorEntropyBytes)
    }
}
