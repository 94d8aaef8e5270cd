public import Foundation
public import StoreProtocols
import Synchronization

/// The security contexts of one service instance, in this process's memory only: nothing is
/// written anywhere, and everything is gone when the process ends (a context "kept in memory").
/// Several instances behind one address need a shared store or cookie contexts instead.
///
/// Expired contexts stay until ``purge(expiredBefore:)`` removes them (they are refused as
/// expired meanwhile); the host calls it now and then.
public final class InMemorySecurityContextStore: SecurityContextStore {
    private let contexts = Mutex<[String: SecurityContextRecord]>([:])

    public init() {}

    public func save(_ record: SecurityContextRecord) {
        contexts.withLock { $0[record.identifier] = record }
    }

    public func context(identifier: String) -> SecurityContextRecord? {
        contexts.withLock { $0[identifier] }
    }

    public func replace(_ current: SecurityContextRecord, with updated: SecurityContextRecord) -> Bool {
        contexts.withLock { contexts in
            guard let stored = contexts[current.identifier], stored.status == .active, stored.instance == current.instance,
                stored.claims == current.claims
            else { return false }
            contexts[current.identifier] = updated
            return true
        }
    }

    public func cancel(identifier: String) -> Bool {
        contexts.withLock { contexts in
            guard contexts[identifier] != nil else { return false }
            contexts[identifier]?.status = .cancelled
            return true
        }
    }

    public func purge(expiredBefore cutoff: Date) -> Int {
        contexts.withLock { contexts in
            let before = contexts.count
            contexts = contexts.filter { $0.value.expires >= cutoff }
            return before - contexts.count
        }
    }

    /// Contexts held, whatever their status.
    public var count: Int { contexts.withLock { $0.count } }
}
