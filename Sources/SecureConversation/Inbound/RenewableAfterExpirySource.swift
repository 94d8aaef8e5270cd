import Foundation
import StoreProtocols

/// Resolves contexts for a Renew as if it were `window` seconds earlier, so that a context that
/// expired less than `window` ago is found (WS-SC 1.3 §8 lets a service renew an expired
/// context). Cancelled contexts and replaced instances are refused as always; the service lets
/// such a context serve its Renew and nothing else.
struct RenewableAfterExpirySource: SecurityContextSource {
    let base: any SecurityContextSource
    let window: TimeInterval

    func context(for token: SecurityContextToken, now: Date) async throws -> SecurityContextRecord {
        try await base.context(for: token, now: now.addingTimeInterval(-window))
    }

    func context(identifier: String, version: SecureConversationVersion, now: Date) async throws -> SecurityContextRecord {
        try await base.context(identifier: identifier, version: version, now: now.addingTimeInterval(-window))
    }
}
