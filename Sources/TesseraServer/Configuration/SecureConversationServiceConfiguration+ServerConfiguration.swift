import Foundation
import SecurityCore
public import StoreProtocols
public import STS
public import SecureConversation
import WSSecurity

/// The one place the `secureConversation` section becomes the hosted service's configuration.
extension SecureConversationServiceConfiguration {
    /// The configuration of the secure-conversation service `configuration` describes, or nil
    /// when its `secureConversation` section is absent. Keys and trust come from the token
    /// service's configuration (built by ``STS/STSConfiguration/init(_:clock:replayCache:)``
    /// from the same file): the service signs with the STS signing key, the `x509` bootstrap
    /// trusts what the STS trusts (trust anchors, pinned requestor certificates), the
    /// `username-over-tls` bootstrap checks the configured users, Amend adds the subjects of
    /// certificates the STS trusts, the `issued-saml` bootstrap
    /// trusts the issuers its section names (certificates read from their PEM files), and asks the
    /// STS's ``STS/STSConfiguration/tokenStore`` whether an assertion in the STS's own issuer name
    /// was cancelled or renewed; clock skew, Timestamp age and the replay cache are the STS's too.
    ///
    /// - Parameters:
    ///   - contexts: Where stateful contexts are kept (the server's store, so that every
    ///     instance sharing it serves every session and a restart loses none).
    ///   - revocations: Where Cancel of a cookie context is recorded, shared the same way.
    /// - Throws: ``ConfigurationError`` naming the cookie key files that cannot be read or do not
    ///   hold 32 bytes in base64 or are accessible to other users, and the issuer certificate files that hold no usable certificate.
    public static func hosted(
        by configuration: ServerConfiguration, tokenService: STSConfiguration,
        contexts: any SecurityContextStore, revocations: any SecurityContextRevocationList
    )
        throws(ConfigurationError) -> SecureConversationServiceConfiguration?
    {
        guard let section = configuration.secureConversation else { return nil }
        let path = FieldPath()("secureConversation")

        let bootstrap: BootstrapPolicy
        switch section.bootstrap {
        case .x509:
            bootstrap = .x509(
                trustStore: tokenService.inbound.trustStore ?? X509TrustStore(anchors: []),
                requireEncryptedEntropy: section.requireEncryptedEntropy)
        case .usernameOverTLS:
            guard let users = tokenService.users else {
                throw ConfigurationError(field: path("bootstrap").description, "username-over-tls needs users to authenticate")
            }
            bootstrap = .usernameOverTLS(authenticator: UserDirectoryAuthenticator(directory: users))
        case .issuedSAML:
            bootstrap = .issuedSAML(try issuedSAML(section, configuration: configuration, tokenService: tokenService, field: path("issuedSAML")))
        }

        var service = SecureConversationServiceConfiguration(credential: tokenService.signingCredential, bootstrap: bootstrap)
        switch section.contexts {
        case .stateful:
            service.keeping = .stateful(contexts)
        case .cookie:
            var issues = IssueCollector()
            let key = section.cookieKey.flatMap { readCookieKey($0, configuration: configuration, field: path("cookieKey"), issues: &issues) }
            let previous = section.previousCookieKeys.enumerated().compactMap { index, file in
                readCookieKey(file, configuration: configuration, field: path("previousCookieKeys")[index], issues: &issues)
            }
            try issues.throwIfAny()
            guard let key, let cookie = try? SecurityContextCookie(key: key, previousKeys: previous) else {
                throw ConfigurationError(field: path("cookieKey").description, "must name the cookie key file")
            }
            service.keeping = .cookie(cookie, revocations: revocations)
        }
        service.keys.keySizes = section.minimumKeySize...section.maximumKeySize
        service.keys.defaultKeySize = section.defaultKeySize
        service.lifetimes = ContextLifetimePolicy(
            defaultLifetime: TimeInterval(section.lifetimes.defaultSeconds),
            maximumLifetime: TimeInterval(section.lifetimes.maximumSeconds))
        service.renewal = ContextRenewalPolicy(
            allowed: section.renewal.enabled, expiredWindow: TimeInterval(section.renewal.expiredWindowSeconds))
        if section.amendment.enabled {
            // The STS's own assertions, for the service's audiences, as the issued-saml
            // bootstrap trusts them (validation ensures an audience).
            let ownSTS =
                section.amendment.ownSTSAssertions
                ? SAMLBootstrap(
                    issuers: [
                        SAMLBootstrap.Issuer(
                            name: tokenService.issuerName, certificates: [tokenService.signingCredential.certificate],
                            status: TokenStoreAssertionStatus(store: tokenService.tokenStore))
                    ], audiences: configuration.issuedSAMLAudiences(section))
                : nil
            service.amendment = ContextAmendmentPolicy(
                trustStore: tokenService.inbound.trustStore ?? X509TrustStore(anchors: []), samlIssuers: ownSTS,
                maximumClaims: section.amendment.maximumClaims)
        }
        service.responseProtection = section.algorithmSuite.protection
        service.signatureConfirmation = section.signatureConfirmation
        service.versions = Set(section.versions.map(\.version))
        service.clock = tokenService.inbound.clock
        service.clockSkew = tokenService.inbound.clockSkew
        service.timestampMaxAge = TimeInterval(configuration.security.timestampMaxAgeSeconds)
        service.replayCache = tokenService.inbound.replayCache
        return service
    }

    /// The `issued-saml` trust: each issuer with the certificates read from its PEM files; the
    /// token service's own issuer with its token store as the status of its assertions.
    private static func issuedSAML(
        _ section: ServerConfiguration.SecureConversation, configuration: ServerConfiguration,
        tokenService: STSConfiguration, field: FieldPath
    ) throws(ConfigurationError) -> SAMLBootstrap {
        guard let saml = section.issuedSAML, !saml.issuers.isEmpty else {
            throw ConfigurationError(field: field.description, "issued-saml needs the issuers whose assertions are accepted")
        }
        var files = PEMFileReader(configuration: configuration)
        let issuers = saml.issuers.enumerated().map { index, issuer in
            let certificates = issuer.certificates.enumerated().flatMap { position, file in
                files.certificates(at: file, field: field("issuers")[index]("certificates")[position])
            }
            let status = issuer.name == tokenService.issuerName ? TokenStoreAssertionStatus(store: tokenService.tokenStore) : nil
            return SAMLBootstrap.Issuer(name: issuer.name, certificates: certificates, acceptsBearer: issuer.acceptBearer, status: status)
        }
        try files.issues.throwIfAny()
        let audiences = configuration.issuedSAMLAudiences(section)
        guard !audiences.isEmpty else {
            throw ConfigurationError(field: field("audiences").description, "must name the audience assertions are issued for (or set publicBaseURL)")
        }
        return SAMLBootstrap(issuers: issuers, audiences: audiences)
    }

    /// The key in the cookie key file `file` (``CookieKeyFile``: 32 bytes in base64, readable by
    /// its owner only); nil with a problem recorded otherwise.
    private static func readCookieKey(
        _ file: String, configuration: ServerConfiguration, field: FieldPath,
        issues: inout IssueCollector
    ) -> [UInt8]? {
        switch CookieKeyFile.load(from: configuration.resolvedPath(file)) {
        case .success(let key):
            return key
        case .failure(let problem):
            issues.add(field, problem.reason)
            return nil
        }
    }
}

extension ServerConfiguration.SecureConversation.VersionName {
    var version: SecureConversationVersion {
        switch self {
        case .v13: .v13
        case .v200502: .v200502
        }
    }
}

extension ServerConfiguration.SecureConversation.AlgorithmSuiteName {
    /// The suite's algorithms and derived-key lengths.
    public var protection: MessageProtection {
        switch self {
        case .basic256: .basic256
        case .basic128: .basic128
        case .basic256Sha256: .basic256Sha256
        case .basic128Sha256: .basic128Sha256
        }
    }
}

/// Checks a bootstrap UsernameToken against the configured users. Only mounted when the
/// configuration requires TLS for the listener (or a TLS-terminating proxy): the password
/// travels in the message. The slow hash runs on the password-check pool.
struct UserDirectoryAuthenticator: UsernameTokenAuthenticator {
    let directory: UserDirectory
    var pool: PasswordCheckPool = .shared

    func authenticate(_ token: UsernameToken) async throws {
        _ = try await directory.authenticate(token, on: pool)
    }
}
