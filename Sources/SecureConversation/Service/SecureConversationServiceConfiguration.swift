public import Foundation
public import SecurityCore
public import StoreProtocols
import WSSecurity

/// How a service keeps its contexts (chosen per service).
public enum ContextKeeping: Sendable {
    /// In a store (in memory, or SQLite/PostgreSQL shared by instances); Cancel marks it there.
    case stateful(any SecurityContextStore)
    /// In the tokens themselves, sealed under the cookie key that every instance holds; Cancel
    /// and replaced instances go to the revocation list the instances share.
    case cookie(SecurityContextCookie, revocations: any SecurityContextRevocationList)
}

/// Everything a ``SecureConversationService`` needs. Secure defaults: an X.509 bootstrap with
/// encrypted entropy, signed and encrypted application messages under derived keys, contexts
/// of one hour (eight at most), both WS-SC versions.
public struct SecureConversationServiceConfiguration: Sendable {
    /// The service's key and certificate: signs bootstrap responses, decrypts bootstrap requests.
    public var credential: X509Credential
    /// Who may establish a context (kept apart from ``applicationPolicy``).
    public var bootstrap: BootstrapPolicy
    /// Where contexts are kept: a store (default: in memory) or cookies.
    public var keeping: ContextKeeping = .stateful(InMemorySecurityContextStore())
    /// KeySize bounds and entropy sizes for new and renewed contexts.
    public var keys = ContextKeyPolicy()
    /// Default and maximum context lifetimes.
    public var lifetimes = ContextLifetimePolicy()
    /// Whether Renew is answered, and how long after expiry (default: renewed until expiry).
    public var renewal = ContextRenewalPolicy()
    /// Whether Amend is answered and which tokens may add claims; nil (the default) refuses
    /// Amend with `wst:RequestFailed`.
    public var amendment: ContextAmendmentPolicy?
    /// What application, Renew and Cancel messages must show.
    public var applicationPolicy = ContextMessagePolicy()
    /// How responses under a context are signed and encrypted.
    public var responseProtection: MessageProtection = .basic256
    /// Echo each request signature in a WSS 1.1 SignatureConfirmation of the response.
    public var signatureConfirmation = false
    /// The WS-SC versions answered; requests in another are refused.
    public var versions: Set<SecureConversationVersion> = Set(SecureConversationVersion.allCases)
    /// WS-Trust 1.3 only: answer an issue request with an RSTRC holding the RSTR (WS-Trust 1.3
    /// §4.3's final response) rather than a bare RSTR.
    public var issueResponseInCollection = true
    /// The clock every check reads.
    public var clock: TimeSource = .system
    /// Tolerated difference between the peers' clocks.
    public var clockSkew: TimeInterval = 300
    /// Oldest accepted request Timestamp.
    public var timestampMaxAge: TimeInterval = 300
    /// Lifetime of response Timestamps.
    public var timestampLifetime: TimeInterval = 300
    /// Remembers signature values and derived-key nonces; instances sharing contexts must share it.
    public var replayCache: any ReplayCache = InMemoryReplayCache()
    /// Which contexts messages to this service may be secured with, by the service they were
    /// issued for (default: the contexts it established itself).
    public var audience = ContextAudience()
    /// Makes the service a token service that issues contexts for the services its policy
    /// grants (WS-SC 1.3 §3): every RST must name one in AppliesTo, the context records it, and
    /// Renew and Cancel of any context issued for another service are answered here. Nil (the
    /// default): contexts are for this service, whatever AppliesTo says.
    public var contextIssuance: (any ContextIssuancePolicy)?
    /// Receives an event for every lifecycle request, answered or refused (``ContextAuditEvent``);
    /// nil (the default) reports nothing.
    public var audit: ContextAuditSink?

    /// A configuration with the defaults above for a service holding `credential`.
    public init(credential: X509Credential, bootstrap: BootstrapPolicy) {
        self.credential = credential
        self.bootstrap = bootstrap
    }

    /// The engine settings both paths start from.
    var inbound: InboundSecurityConfiguration {
        var inbound = InboundSecurityConfiguration()
        inbound.clock = clock
        inbound.clockSkew = clockSkew
        inbound.timestampMaxAge = timestampMaxAge
        inbound.replayCache = replayCache
        return inbound
    }

    var contextSource: any SecurityContextSource {
        switch keeping {
        case .stateful(let store): StoredContextSource(store: store)
        case .cookie(let cookie, let revocations): CookieContextSource(cookie: cookie, revocations: revocations)
        }
    }
}
