public import Foundation
public import SecurityCore
public import StoreProtocols
import Synchronization
import WSSecurity

/// A revocation list for one process, purged of expired entries as it grows.
public final class InMemorySecurityContextRevocationList: SecurityContextRevocationList {
    private struct Key: Hashable {
        let identifier: String
        let instance: String?
    }

    private struct State {
        var entries: [Key: Date] = [:]
        /// Expired entries are dropped when the count reaches this, which then doubles.
        var purgeAt = 4096
    }

    private let state = Mutex(State())
    private let clock: TimeSource

    /// `clock` decides when remembered entries may be dropped.
    public init(clock: TimeSource = .system) {
        self.clock = clock
    }

    public func revoke(identifier: String, instance: String?, until expiry: Date) {
        state.withLock { state in
            let key = Key(identifier: identifier, instance: instance)
            state.entries[key] = max(expiry, state.entries[key] ?? expiry)
            if state.entries.count >= state.purgeAt {
                let now = clock.now
                state.entries = state.entries.filter { $0.value > now }
                state.purgeAt = max(4096, state.entries.count * 2)
            }
        }
    }

    public func isRevoked(identifier: String, instance: String?, now: Date) -> Bool {
        state.withLock { state in
            let keys = [Key(identifier: identifier, instance: nil)] + (instance.map { [Key(identifier: identifier, instance: $0)] } ?? [])
            return keys.contains { state.entries[$0].map { $0 > now } ?? false }
        }
    }

    /// Entries kept, expired or not.
    public var count: Int { state.withLock { $0.entries.count } }
}
