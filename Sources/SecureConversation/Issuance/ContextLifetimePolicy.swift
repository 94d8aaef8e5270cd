public import Foundation
import WSTrust

/// How long a context lives (WS-SC 1.3 §3: the Lifetime of the RSTR): the requested Lifetime's
/// Expires when it comes sooner than ``maximumLifetime``, else the maximum; ``defaultLifetime``
/// when none is requested. Renewals start a new period from the time of renewal.
public struct ContextLifetimePolicy: Hashable, Sendable {
    public var defaultLifetime: TimeInterval = 3600
    public var maximumLifetime: TimeInterval = 8 * 3600

    public init(defaultLifetime: TimeInterval = 3600, maximumLifetime: TimeInterval = 8 * 3600) {
        self.defaultLifetime = defaultLifetime
        self.maximumLifetime = maximumLifetime
    }

    /// The expiry for a context created at `now`. Refuses (`wst:InvalidTimeRange`) a requested
    /// Expires that is not after `now`.
    func expiry(requested: Lifetime?, now: Date) throws -> Date {
        guard let expires = requested?.expires else { return now.addingTimeInterval(min(defaultLifetime, maximumLifetime)) }
        guard expires > now else { throw WSTrustError(.invalidTimeRange, "the requested Lifetime has already expired") }
        return min(expires, now.addingTimeInterval(maximumLifetime))
    }
}
