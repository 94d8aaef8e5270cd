public import Foundation
import SecurityCore
public import StoreProtocols
import Synchronization

/// The security contexts of one service instance, in this process's memory only: nothing is
/// written anywhere, and everything is gone when the process ends (a context "kept in memory").
/// Several instances behind one address need a shared store or cookie contexts instead.
///
/// Expired contexts stay until ``purge(expiredBefore:)`` removes them (they are refused as
/// expired meanwhile). A ``SecureConversationService`` keeping its contexts here purges those
/// past its renewal window as it establishes new ones; the contexts are kept in expiry order
/// besides, so a purge costs the contexts it removes, not the ones it keeps.
public final class InMemorySecurityContextStore: SecurityContextStore {
    private struct State {
        var contexts: [String: SecurityContextRecord] = [:]
        /// The contexts by expiry. A context renewed or amended to a new expiry is here under
        /// each; only the expiry its record holds removes it.
        var expiries = ExpiryQueue<String>()

        mutating func store(_ record: SecurityContextRecord) {
            if contexts.updateValue(record, forKey: record.identifier)?.expires != record.expires {
                expiries.insert(record.identifier, expiring: record.expires)
            }
        }
    }

    private let state = Mutex(State())

    public init() {}

    public func save(_ record: SecurityContextRecord) {
        state.withLock { $0.store(record) }
    }

    public func context(identifier: String) -> SecurityContextRecord? {
        state.withLock { $0.contexts[identifier] }
    }

    public func replace(_ current: SecurityContextRecord, with updated: SecurityContextRecord) -> Bool {
        state.withLock { state in
            guard let stored = state.contexts[current.identifier], stored.status == .active, stored.instance == current.instance,
                stored.claims == current.claims
            else { return false }
            state.store(updated)
            return true
        }
    }

    public func cancel(identifier: String) -> Bool {
        state.withLock { state in
            guard state.contexts[identifier] != nil else { return false }
            state.contexts[identifier]?.status = .cancelled
            return true
        }
    }

    public func purge(expiredBefore cutoff: Date) -> Int {
        state.withLock { state in
            var removed = 0
            state.expiries.removeExpired(where: { $0 < cutoff }) { identifier, date in
                guard state.contexts[identifier]?.expires == date else { return }
                state.contexts.removeValue(forKey: identifier)
                removed += 1
            }
            return removed
        }
    }

    /// Contexts held, whatever their status.
    public var count: Int { state.withLock { $0.contexts.count } }
}
