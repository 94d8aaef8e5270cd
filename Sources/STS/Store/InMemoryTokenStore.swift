public import Foundation
public import StoreProtocols
import Synchronization

/// A ``TokenStore`` held in process memory, for tests and a single instance that may forget its
/// tokens when it stops (Validate then says invalid, Renew and Cancel refuse). Several
/// instances behind a load balancer need a shared store (SQLite or PostgreSQL).
public final class InMemoryTokenStore: TokenStore {
    private let records = Mutex<[String: IssuedTokenRecord]>([:])

    public init() {}

    /// Records `record`; refuses a second record with the same identifier (identifiers are
    /// random and never reused, so a duplicate is a fault, not an update).
    public func insert(_ record: IssuedTokenRecord) async throws {
        try records.withLock { records in
            guard records[record.id] == nil else { throw DuplicateTokenRecord(id: record.id) }
            records[record.id] = record
        }
    }

    public func record(id: String) async throws -> IssuedTokenRecord? {
        records.withLock { $0[id] }
    }

    public func transition(id: String, from expected: IssuedTokenRecord.Status, to status: IssuedTokenRecord.Status) async throws -> Bool {
        records.withLock { records in
            guard records[id]?.status == expected else { return false }
            records[id]?.status = status
            return true
        }
    }

    public func purge(expiredBefore cutoff: Date) async throws -> Int {
        records.withLock { records in
            let before = records.count
            records = records.filter { $0.value.expires >= cutoff }
            return before - records.count
        }
    }

    /// How many records are held.
    public var count: Int { records.withLock { $0.count } }
}

/// A token store was asked to insert a record whose identifier it already holds.
public struct DuplicateTokenRecord: Error, Hashable, Sendable {
    public let id: String
}
