import Foundation
import SAML
import STS
import WSSecurity
import WSTrust

/// The one place the configuration file becomes the token service's configuration. Fields added
/// to ``ServerConfiguration`` for the STS (users, identity mapping, relying-party encryption,
/// JWT) are mapped here.
extension STSConfiguration {
    /// The token service configuration `configuration` describes, with its key and certificate
    /// files read.
    ///
    /// Trust: a requestor's signing certificate must chain to one of `trustAnchors`, or be the
    /// certificate configured for a requestor (configured requestor certificates are pinned:
    /// naming one is an explicit decision to trust it).
    ///
    /// - Parameters:
    ///   - clock: Where every time check takes "now" from.
    ///   - replayCache: Remembers nonces and signature values; shared by every instance of a
    ///     deployment when it is a shared store.
    /// - Throws: ``ConfigurationError`` naming each field whose file is missing, unreadable,
    ///   holds no usable key or certificate, or whose key does not belong to its certificate.
    public init(_ configuration: ServerConfiguration, clock: TimeSource = .system,
                replayCache: any ReplayCache = InMemoryReplayCache()) throws(ConfigurationError) {
        var files = PEMFileReader(configuration: configuration)
        let root = FieldPath()
        let identity = root("identity")
        let credential = files.credential(key: configuration.identity.signingKey, keyField: identity("signingKey"),
                                          certificate: configuration.identity.signingCertificate, certificateField: identity("signingCertificate"))
        let anchors = configuration.trustAnchors.enumerated().flatMap { index, path in
            files.certificates(at: path, field: root("trustAnchors")[index])
        }
        let requestors = configuration.requestors.enumerated().compactMap { index, requestor -> TrustedRequestor? in
            guard let certificate = files.certificates(at: requestor.certificate, field: root("requestors")[index]("certificate")).first else { return nil }
            return TrustedRequestor(name: requestor.name, certificate: certificate, mayDelegate: requestor.mayDelegate)
        }
        try files.issues.throwIfAny()
        guard let credential else { throw ConfigurationError(field: identity("signingKey").description, "no usable signing credential") }

        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: anchors, pinned: requestors.map(\.certificate)))
        inbound.clock = clock
        inbound.replayCache = replayCache
        inbound.clockSkew = TimeInterval(configuration.security.clockSkewSeconds)
        inbound.timestampMaxAge = TimeInterval(configuration.security.timestampMaxAgeSeconds)
        inbound.usernameTokenMaxAge = TimeInterval(configuration.security.timestampMaxAgeSeconds)

        self.init(issuerName: configuration.identity.issuer, signingCredential: credential,
                  relyingParties: RelyingPartyRegistry(configuration), inbound: inbound, requestors: requestors)
        nameQualifier = configuration.identity.nameQualifier
        signResponses = configuration.identity.signResponses
        lifetimes = LifetimePolicy(defaultLifetime: TimeInterval(configuration.lifetimes.defaultSeconds),
                                   maximumLifetime: TimeInterval(configuration.lifetimes.maximumSeconds),
                                   clockSkew: TimeInterval(configuration.security.clockSkewSeconds))
    }
}

extension RelyingPartyRegistry {
    /// The relying parties of a validated configuration, in file order, with its default party.
    public init(_ configuration: ServerConfiguration) {
        let parties = configuration.relyingParties.map(RelyingParty.init)
        self.init(parties: parties, defaultParty: configuration.defaultRelyingParty.flatMap { name in parties.first { $0.name == name } })
    }
}

extension RelyingParty {
    /// The relying party a validated configuration entry describes.
    public init(_ entry: ServerConfiguration.RelyingPartyEntry) {
        let tokenType: TokenType = switch entry.tokenType {
        case .saml20: .saml20
        case .saml11: .saml11
        }
        let keyType: KeyType = switch entry.keyType {
        case .bearer: .bearer
        case .symmetricKey: .symmetricKey
        case .publicKey: .publicKey
        }
        let confirmation: SAMLConfirmationKind = switch entry.confirmation {
        case .bearer: .bearer
        case .senderVouches: .senderVouches
        case .holderOfKey: .holderOfKey
        }
        self.init(name: entry.name, addresses: entry.appliesTo.map(AddressPattern.init), tokenType: tokenType, keyType: keyType,
                  lifetime: entry.lifetimeSeconds.map(TimeInterval.init), audience: entry.audience,
                  nameIDFormat: entry.nameIDFormatURI ?? .unspecified, confirmation: confirmation)
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
