public import Foundation
public import WSTrust

/// Lifetime rules for issued tokens (WS-Trust 1.3 §4.4.2): a default, a maximum, and the clock
/// skew tolerated on a requested Created.
public struct LifetimePolicy: Sendable, Hashable {
    public var defaultLifetime: TimeInterval
    public var maximumLifetime: TimeInterval
    public var clockSkew: TimeInterval

    public init(defaultLifetime: TimeInterval = 3600, maximumLifetime: TimeInterval = 8 * 3600, clockSkew: TimeInterval = 300) {
        self.defaultLifetime = defaultLifetime
        self.maximumLifetime = maximumLifetime
        self.clockSkew = clockSkew
    }

    /// The lifetime to issue at `now`: the requested one when it lies within the rules (its
    /// milliseconds kept), otherwise the relying party's or the default lifetime from now.
    /// The relying party's lifetime is a ceiling: a longer request is shortened to it (WS-Trust
    /// 1.3 §4.4.2 lets the STS issue a shorter lifetime than asked; the RSTR states it).
    /// A Created further in the future than the skew, an Expires in the past, or a span beyond
    /// the maximum is refused with `wst:InvalidTimeRange`.
    public func lifetime(requested: Lifetime?, partyLifetime: TimeInterval?, now: Date) throws -> Lifetime {
        let created = requested?.created ?? now
        guard created <= now.addingTimeInterval(clockSkew) else {
            throw WSTrustError(.invalidTimeRange, "the requested lifetime starts too far in the future")
        }
        let span = min(partyLifetime ?? defaultLifetime, maximumLifetime)
        guard let expires = requested?.expires else {
            return Lifetime(created: created, expires: created.addingTimeInterval(span))
        }
        guard expires > now else {
            throw WSTrustError(.invalidTimeRange, "the requested lifetime has already ended")
        }
        guard expires.timeIntervalSince(created) <= maximumLifetime else {
            throw WSTrustError(.invalidTimeRange, "the requested lifetime exceeds the maximum of \(Int(maximumLifetime)) seconds")
        }
        if let partyLifetime, expires.timeIntervalSince(created) > partyLifetime {
            return Lifetime(created: created, expires: created.addingTimeInterval(partyLifetime))
        }
        return Lifetime(created: created, expires: expires)
    }
}
