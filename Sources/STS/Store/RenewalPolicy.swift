public import Foundation
import StoreProtocols

/// When issued tokens may be renewed (WS-Trust 1.3 §8).
///
/// A token is renewable when the Issue request asked for it with `wst:Renewing` (Allow
/// defaults to true there), or, when the request says nothing, when the relying party's entry
/// in ``renewableByParty`` or else ``renewableByDefault`` says so; `Renewing Allow="false"`
/// always makes it non-renewable.
///
/// A renewable token may be renewed after it expired only when its Issue request said so with
/// `wst:Renewing OK="true"` (WS-Trust 1.3 §5; OK defaults to false, and a token made renewable
/// by configuration alone is not renewable after expiry), and then only until it has been
/// expired for longer than ``windowAfterExpiry``.
public struct RenewalPolicy: Sendable, Hashable {
    /// Whether Renew requests are served at all.
    public var enabled: Bool
    /// Whether a token issued without `wst:Renewing` is renewable.
    public var renewableByDefault: Bool
    /// Per relying party (by name), overriding ``renewableByDefault``.
    public var renewableByParty: [String: Bool]
    /// How long after its expiry a renewable token may still be renewed.
    public var windowAfterExpiry: TimeInterval

    public init(
        enabled: Bool = true, renewableByDefault: Bool = false, renewableByParty: [String: Bool] = [:],
        windowAfterExpiry: TimeInterval = 1800
    ) {
        self.enabled = enabled
        self.renewableByDefault = renewableByDefault
        self.renewableByParty = renewableByParty
        self.windowAfterExpiry = windowAfterExpiry
    }

    /// Whether a token issued now for `relyingParty` is recorded as renewable.
    public func isRenewable(requested renewing: (allow: Bool, ok: Bool)?, relyingParty: String?) -> Bool {
        guard enabled else { return false }
        if let renewing { return renewing.allow }
        return relyingParty.flatMap { renewableByParty[$0] } ?? renewableByDefault
    }

    /// Whether a token issued now, renewable as ``isRenewable(requested:relyingParty:)`` says,
    /// may also be renewed after it expired: only when the request said `Renewing OK="true"`.
    public func isRenewableAfterExpiry(requested renewing: (allow: Bool, ok: Bool)?, relyingParty: String?) -> Bool {
        guard let renewing, renewing.ok else { return false }
        return isRenewable(requested: renewing, relyingParty: relyingParty)
    }

    /// Whether a token expiring at `expires` may still be renewed at `now`.
    public func isWithinWindow(expires: Date, now: Date) -> Bool {
        now < expires.addingTimeInterval(windowAfterExpiry)
    }

    /// Why the token `record` describes may not be renewed at `now`, or nil when it may: renewal
    /// is enabled, the token is still `issued`, it was issued as renewable, and it has not
    /// expired — or, when it was issued with `Renewing OK="true"`, it has not been expired for
    /// longer than the window. The one rule Renew applies and the `wst:RenewNeeded` answer to
    /// an expired token promises.
    func refusal(toRenew record: IssuedTokenRecord, now: Date) -> String? {
        guard enabled else { return "this STS does not renew tokens" }
        if let reason = SecurityTokenService.invalidReason(record.status) { return reason }
        guard record.renewable else { return "the token was not issued as renewable" }
        if now >= record.expires, !record.renewableAfterExpiry {
            return "the token has expired and was not issued as renewable after expiry"
        }
        guard isWithinWindow(expires: record.expires, now: now) else { return "the token expired too long ago to be renewed" }
        return nil
    }
}
