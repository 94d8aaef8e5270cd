public import Foundation

/// Whether a service renews its contexts, and how long after expiry (WS-SC 1.3 §8 lets a service
/// renew a context that has expired; it is a service's choice). Renewal is always the owner's:
/// the request is signed with the context's key.
public struct ContextRenewalPolicy: Hashable, Sendable {
    /// Answer Renew; when false, every Renew is refused with `wsc:UnableToRenew`.
    public var allowed: Bool
    /// How long after its expiry a context may still be renewed, in seconds (0: not at all).
    /// Such a context serves nothing but its Renew; an expired context is otherwise refused
    /// with `wsc:BadContextToken` as before.
    public var expiredWindow: TimeInterval

    public init(allowed: Bool = true, expiredWindow: TimeInterval = 0) {
        self.allowed = allowed
        self.expiredWindow = max(0, expiredWindow)
    }

    /// How long after expiry a cancelled or replaced context must stay on a revocation list (and a
    /// stored context be kept): as long as it could otherwise be renewed.
    var retention: TimeInterval { allowed ? expiredWindow : 0 }
}
