import Foundation
import StoreProtocols
import WSSecurity

/// Where inbound processing finds the context a message names, refusing any context that is
/// unknown, cancelled or expired with `wsc:BadContextToken` (WS-SC 1.3 §9) in the version of
/// the token that named it.
protocol SecurityContextSource: Sendable {
    /// The context of a SecurityContextToken carried in the message.
    func context(for token: SecurityContextToken, now: Date) async throws -> SecurityContextRecord
    /// The context a reference names by its Identifier (the token is not in the message).
    func context(identifier: String, version: SecureConversationVersion, now: Date) async throws -> SecurityContextRecord
}

extension SecurityContextSource {
    /// `record` when it is usable at `now`, else `wsc:BadContextToken`.
    func checkUsable(_ record: SecurityContextRecord?, version: SecureConversationVersion, now: Date) throws -> SecurityContextRecord {
        guard let record, record.status == .active, now < record.expires else {
            throw Self.badContext(version)
        }
        return record
    }

    static func badContext(_ version: SecureConversationVersion) -> WSSecurityError {
        WSSecurityError(.defined(by: version.faultCodes.badContextToken), "the security context is unknown, expired or cancelled")
    }
}

/// Contexts kept in a ``SecurityContextStore`` (stateful service).
struct StoredContextSource: SecurityContextSource {
    let store: any SecurityContextStore

    func context(for token: SecurityContextToken, now: Date) async throws -> SecurityContextRecord {
        let record = try checkUsable(try await lookup(token.identifier, token.version), version: token.version, now: now)
        // A token naming an older instance carries key material a renewal replaced.
        if let instance = token.instance, instance != record.instance { throw Self.badContext(token.version) }
        return record
    }

    func context(identifier: String, version: SecureConversationVersion, now: Date) async throws -> SecurityContextRecord {
        try checkUsable(try await lookup(identifier, version), version: version, now: now)
    }

    private func lookup(_ identifier: String, _ version: SecureConversationVersion) async throws -> SecurityContextRecord? {
        do {
            return try await store.context(identifier: identifier)
        } catch {
            throw WSSecurityError(.securityTokenUnavailable, "the security context store is unavailable")
        }
    }
}

/// Contexts sealed in the tokens' cookies (stateless service): the token must be in the message,
/// and a cancelled context or renewed instance is found in the revocation list.
struct CookieContextSource: SecurityContextSource {
    let cookie: SecurityContextCookie
    let revocations: any SecurityContextRevocationList

    func context(for token: SecurityContextToken, now: Date) async throws -> SecurityContextRecord {
        let record = try checkUsable(try cookie.open(token), version: token.version, now: now)
        let revoked: Bool
        do {
            revoked = try await revocations.isRevoked(identifier: record.identifier, instance: record.instance, now: now)
        } catch {
            throw WSSecurityError(.securityTokenUnavailable, "the revocation list is unavailable")
        }
        guard !revoked else { throw Self.badContext(token.version) }
        return record
    }

    func context(identifier: String, version: SecureConversationVersion, now: Date) async throws -> SecurityContextRecord {
        // Nothing is kept: a cookie context can only be used with its token in the message.
        throw Self.badContext(version)
    }
}

/// The one context a client established (client side: responses must use it).
struct SessionContextSource: SecurityContextSource {
    let record: SecurityContextRecord

    func context(for token: SecurityContextToken, now: Date) async throws -> SecurityContextRecord {
        try await context(identifier: token.identifier, version: token.version, now: now)
    }

    func context(identifier: String, version: SecureConversationVersion, now: Date) async throws -> SecurityContextRecord {
        guard identifier == record.identifier else { throw Self.badContext(version) }
        return try checkUsable(record, version: version, now: now)
    }
}
