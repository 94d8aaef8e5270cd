import Foundation
import StoreProtocols
import Synchronization
import WSSecurity

/// The contexts one message resolved, filled by the processors while the engine runs and read
/// once it is done: the service needs the record (owner, secret) of the context that signed the
/// message to answer it. One per message; never shared between messages.
final class ContextResolution: Sendable {
    struct Resolved: Sendable {
        let record: SecurityContextRecord
        let version: SecureConversationVersion
    }

    let source: any SecurityContextSource
    private let resolved = Mutex<[String: Resolved]>([:])

    init(source: any SecurityContextSource) {
        self.source = source
    }

    /// The context `token` names, resolved through the source and remembered.
    func context(for token: SecurityContextToken, now: Date) async throws -> SecurityContextRecord {
        remember(try await source.context(for: token, now: now), token.version)
    }

    /// The context an Identifier reference names, resolved through the source and remembered.
    func context(identifier: String, version: SecureConversationVersion, now: Date) async throws -> SecurityContextRecord {
        if let known = self[identifier] { return known.record }
        return remember(try await source.context(identifier: identifier, version: version, now: now), version)
    }

    /// A context this message resolved.
    subscript(identifier: String) -> Resolved? {
        resolved.withLock { $0[identifier] }
    }

    private func remember(_ record: SecurityContextRecord, _ version: SecureConversationVersion) -> SecurityContextRecord {
        resolved.withLock { $0[record.identifier] = Resolved(record: record, version: version) }
        return record
    }
}
