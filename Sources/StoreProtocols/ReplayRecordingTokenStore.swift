public import Foundation

/// A replay-cache entry a receiver records: a value it must not accept twice (a digest of what
/// a signature signed, a UsernameToken nonce) and the instant it may be forgotten.
public struct ReplayEntry: Sendable, Hashable {
    public var value: [UInt8]
    public var expiry: Date

    public init(value: [UInt8], expiry: Date) {
        self.value = value
        self.expiry = expiry
    }
}

/// What ``ReplayRecordingTokenStore/insert(_:recording:now:)`` did.
public enum ReplayCheckedInsert: Sendable, Hashable {
    /// The token record and every replay entry were committed together.
    case recorded
    /// The entry at this index was already recorded and unexpired: the transaction was rolled
    /// back and nothing was written.
    case replayed(entryIndex: Int)
}

/// A token store that is also the replay cache of the requests it records tokens for, and writes
/// a token record and the replay entries of the request that asked for it in one transaction: one
/// commit per issuance instead of one per write, with the same guarantee as recording each entry
/// on its own first.
public protocol ReplayRecordingTokenStore: TokenStore {
    /// In one transaction: records each entry as the replay cache's `insertIfAbsent` does (an
    /// expired entry counts as absent and is replaced), then `record` as ``TokenStore/insert(_:)``
    /// does. When an entry is recorded and unexpired (`expiry > now`), nothing is written and the
    /// answer says which; of two calls recording the same entry at once, whichever instance makes
    /// them, at most one returns ``ReplayCheckedInsert/recorded``. Returns only once the
    /// transaction is durable; throws as ``TokenStore/insert(_:)`` does.
    func insert(_ record: IssuedTokenRecord, recording entries: [ReplayEntry], now: Date) async throws -> ReplayCheckedInsert
}
