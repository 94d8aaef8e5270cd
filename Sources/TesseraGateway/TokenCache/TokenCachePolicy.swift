public import Foundation

/// How long issued tokens are kept, and how many.
public struct TokenCachePolicy: Sendable, Hashable {
    /// Most entries kept (tokens and remembered refusals); 0 keeps none.
    public var maxEntries: Int
    /// A token is dropped this long before its earliest expiry.
    public var margin: TimeInterval
    /// Longest a token is kept, whatever its lifetime says.
    public var maxLifetime: TimeInterval
    /// How long a refusal is remembered for its key; 0: not at all.
    public var refusalLifetime: TimeInterval

    public init(maxEntries: Int = 10_000, margin: TimeInterval = 30, maxLifetime: TimeInterval = 3600, refusalLifetime: TimeInterval = 0) {
        self.maxEntries = maxEntries
        self.margin = margin
        self.maxLifetime = maxLifetime
        self.refusalLifetime = refusalLifetime
    }

    /// Until when a token issued at `now` may be served from the cache: ``margin`` before the
    /// earliest of its `expiries` (RSTR Lifetime, the assertion's NotOnOrAfter) and of
    /// `now + maxLifetime`. Nil when it must not be cached at all: a OneTimeUse assertion
    /// (SAML 2.0 Core §2.5.1.5) or a token that would be stale at once.
    public func cacheUntil(expiries: [Date], oneTimeUse: Bool, now: Date) -> Date? {
        guard !oneTimeUse, maxEntries > 0 else { return nil }
        let earliest = (expiries + [now.addingTimeInterval(maxLifetime)]).min()!
        let until = earliest.addingTimeInterval(-margin)
        return until > now ? until : nil
    }
}
