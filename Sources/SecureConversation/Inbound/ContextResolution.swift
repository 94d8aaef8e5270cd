import Foundation
import StoreProtocols
import Synchronization
import TesseraCrypto
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
    /// P_SHA1 keyed with each context's secret: a message's derived keys (one to verify, one to
    /// decrypt) key HMAC once per context.
    private let keyedSecrets = Mutex<[String: (secret: [UInt8], keyed: PSHA1.Keyed)]>([:])

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

    /// `token`'s key, derived from `secret`, the secret of the context `identifier` names.
    func deriveKey(_ token: DerivedKeyToken, context identifier: String, secret: [UInt8]) throws -> [UInt8] {
        let input = try token.derivationInput()
        return keyedSecrets.withLock { keyedSecrets in
            if let known = keyedSecrets[identifier], constantTimeEquals(known.secret, secret) {
                return known.keyed.derive(seed: input.seed, length: input.length, offset: input.offset)
            }
            let keyed = PSHA1.Keyed(secret: secret)
            keyedSecrets[identifier] = (secret, keyed)
            return keyed.derive(seed: input.seed, length: input.length, offset: input.offset)
        }
    }

    private func remember(_ record: SecurityContextRecord, _ version: SecureConversationVersion) -> SecurityContextRecord {
        resolved.withLock { $0[record.identifier] = Resolved(record: record, version: version) }
        return record
    }
}
