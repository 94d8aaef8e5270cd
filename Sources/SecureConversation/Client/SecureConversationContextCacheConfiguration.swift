public import Foundation
public import SecurityCore

/// When a ``SecureConversationContextCache`` renews, drops and cancels its contexts.
///
/// The WebSphere Application Server client settings map onto it as follows:
/// - the SCT generator's *token lifetime* is the lifetime the client asks for
///   (``SecureConversationClientConfiguration/requestedLifetime``, set by whoever makes the
///   clients);
/// - *renewal interval before token timeout* is ``renewalWindow``;
/// - *cancel the token on shutdown* is ``cancelOnShutdown``.
public struct SecureConversationContextCacheConfiguration: Sendable {
    /// The fraction of a context's lifetime after which the next call renews it first
    /// (WS-SC 1.3 §5), between 0 (exclusive) and 1 (exclusive). Default 0.8.
    public var renewalFraction: Double = 0.8
    /// Renew no later than this long before the context expires (WebSphere's renewal interval
    /// before token timeout); nil: the fraction alone decides.
    public var renewalWindow: TimeInterval?
    /// Cancel every context (WS-SC 1.3 §6) when the cache shuts down, so the service can forget
    /// it at once rather than keep it until it expires.
    public var cancelOnShutdown = true
    /// The clock renewals and expiries are read from.
    public var clock: TimeSource = .system

    public init(renewalFraction: Double = 0.8, renewalWindow: TimeInterval? = nil, cancelOnShutdown: Bool = true, clock: TimeSource = .system) {
        self.renewalFraction = renewalFraction
        self.renewalWindow = renewalWindow
        self.cancelOnShutdown = cancelOnShutdown
        self.clock = clock
    }

    /// When a context established at `established` that expires at `expires` is renewed: after
    /// ``renewalFraction`` of its lifetime, or ``renewalWindow`` before it expires, whichever
    /// comes first. A context without an end is never renewed.
    func renewalTime(established: Date, expires: Date) -> Date {
        guard expires < .distantFuture else { return .distantFuture }
        let lifetime = max(0, expires.timeIntervalSince(established))
        let fraction = min(max(renewalFraction, 0), 1)
        var renewal = established.addingTimeInterval(lifetime * fraction)
        if let renewalWindow { renewal = min(renewal, expires.addingTimeInterval(-renewalWindow)) }
        return renewal
    }
}
