import Foundation
public import SecurityCore
public import StoreProtocols
public import WSSecurity
public import X509

/// A requestor the STS trusts (the gateway of the token-transformation scenario), identified by its
/// signing certificate, and whether it may ask for tokens on behalf of others (OnBehalfOf / ActAs).
public struct TrustedRequestor: Sendable {
    public var name: String
    public var certificate: Certificate {
        didSet { subjectName = certificate.subject.description }
    }
    /// The certificate's subject as text, the requestor's authenticated name; formatted once,
    /// not for every request the requestor signs.
    public private(set) var subjectName: String
    /// May assert other identities (the consumer's UsernameToken without password in the
    /// token-transformation scenario) and present others' tokens in OnBehalfOf / ActAs, and have
    /// Validate issue tokens for them.
    public var mayDelegate: Bool
    /// The realm identity-mapping rules name the identities it asserts by (and its own); its
    /// name by default.
    public var realm: String

    public init(name: String, certificate: Certificate, mayDelegate: Bool, realm: String? = nil) {
        self.name = name
        self.certificate = certificate
        subjectName = certificate.subject.description
        self.mayDelegate = mayDelegate
        self.realm = realm ?? name
    }
}

/// Everything the token service needs, validated by its owner at start.
public struct STSConfiguration: Sendable {
    /// The STS's name, the Issuer of its tokens.
    public var issuerName: String
    /// Signs issued tokens and, when ``signResponses`` is on, response messages.
    public var signingCredential: X509Credential
    public var relyingParties: RelyingPartyRegistry
    public var lifetimes = LifetimePolicy()
    /// How request messages are processed (trust anchors, clock, replay cache...). Its
    /// `usernameAuthenticator` and `samlKeyResolver` are set per request from ``users`` and
    /// ``samlIssuers``.
    public var inbound: InboundSecurityConfiguration
    public var requestors: [TrustedRequestor]
    /// NameQualifier written into issued NameIDs ("STS" in the token-transformation scenario).
    public var nameQualifier: String?
    public var signResponses = true
    /// Whether every request must carry a Timestamp in its security header.
    public var requireTimestamp = true

    /// How requestors may authenticate, tried in order; see ``RequestorAuthenticator``.
    public var authenticators: [any RequestorAuthenticator] = [
        SAMLAssertionAuthentication(), X509SignatureAuthentication(), UsernamePasswordAuthentication(),
    ]
    /// Users who may authenticate with a UsernameToken, in the header or inside OnBehalfOf /
    /// ActAs; nil refuses every password.
    public var users: UserDirectory?
    /// Where PasswordText checks (scrypt) run: never on the cooperative threads.
    public var passwordChecks: PasswordCheckPool = .shared
    /// Whether a PasswordDigest is accepted from a request that did not arrive over TLS. Off:
    /// an eavesdropper can guess the password offline from a digest.
    public var acceptsPasswordDigestWithoutTLS = false
    /// Requestors (by qualified id: `x509:<name>`, `user:<name>`, …) who may ask for the status
    /// of any token by its identifier; everyone else only of the tokens it obtained.
    public var statusAuditors: Set<String> = []
    /// SAML issuers whose assertions are accepted in the header, in OnBehalfOf / ActAs and for
    /// Validate (the STS's own tokens are always accepted).
    public var samlIssuers: [TrustedSAMLIssuer] = []
    /// The audience URIs the STS answers to: a SAML assertion in the header must be restricted
    /// to one of these. The issuer name by default.
    public var audiences: Set<String>
    /// Trust anchors for X.509 certificates presented in OnBehalfOf / ActAs. Nil refuses them:
    /// a certificate there carries no proof of possession, so trusting it is a separate
    /// decision from trusting requestors' signing certificates.
    public var delegationTrustStore: X509TrustStore?
    /// Audiences besides ``audiences`` that a delegated SAML assertion from another issuer may
    /// be restricted to (the STS's own assertions are accepted for any of its relying parties).
    public var delegatedAssertionAudiences: Set<String> = []
    public var identityMapping = IdentityMapping()
    public var renewal = RenewalPolicy()
    /// Key sizes and entropy rules for symmetric proof keys (KeyType SymmetricKey).
    public var proofKeys = ProofKeyPolicy()
    /// The keys JWTs are signed with; nil signs with ``signingCredential``'s key.
    public var jwtKeys: [JWTSigningKey]?
    /// Where issued tokens are recorded before they are returned, and looked up by Validate,
    /// Renew and Cancel. Share one store between instances that serve the same STS.
    public var tokenStore: any TokenStore = InMemoryTokenStore()
    /// Receives an ``AuditEvent`` for every request answered.
    public var audit: AuditSink?

    public init(
        issuerName: String, signingCredential: X509Credential, relyingParties: RelyingPartyRegistry,
        inbound: InboundSecurityConfiguration, requestors: [TrustedRequestor]
    ) {
        self.issuerName = issuerName
        self.signingCredential = signingCredential
        self.relyingParties = relyingParties
        self.inbound = inbound
        self.requestors = requestors
        audiences = [issuerName]
    }
}
