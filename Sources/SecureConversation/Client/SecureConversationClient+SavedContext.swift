public import Foundation
import StoreProtocols
import TesseraCrypto

/// A security context as the initiator keeps it beyond one process: the token that names it
/// (Identifier, Instance, version, and a stateless service's cookie), the shared secret every
/// derived key comes from (WS-SC 1.3 §7), and the lifetime the service granted.
///
/// Its description never shows the secret.
public struct SavedSecurityContext: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The token as the service issued it, without a `wsu:Id` (one is assigned per message).
    public var token: SecurityContextToken
    /// The context's secret (the key P_SHA1 derives from).
    public var secret: [UInt8]
    public var created: Date
    public var expires: Date

    public init(token: SecurityContextToken, secret: [UInt8], created: Date, expires: Date) {
        self.token = token
        self.secret = secret
        self.created = created
        self.expires = expires
    }

    public var description: String {
        "SavedSecurityContext(\(token.identifier), instance: \(token.instance ?? "-"), expires: \(expires), secret: \(secret.count) bytes)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["identifier": token.identifier, "instance": token.instance as Any, "expires": expires])
    }
}

extension SecureConversationClient {
    /// The established context with its secret, for the caller to keep (in an owner-only file,
    /// a key store) and give to ``resume(_:)`` later; nil when none is established.
    public var savedContext: SavedSecurityContext? {
        issuedContext.map { issued in
            var token = issued.token
            token.id = nil
            return SavedSecurityContext(token: token, secret: issued.record.secret, created: issued.record.created, expires: issued.record.expires)
        }
    }

    /// Takes up a context established earlier (kept from ``savedContext``): ``send(_:action:)``,
    /// ``renew()`` and ``cancel()`` then work under it as if this client had established it.
    /// Refuses, as ``SecureConversationError/Code/notEstablished``, a token of another version
    /// than the configuration's and a secret under the 128-bit floor of every HMAC key. Whether
    /// the context has expired is the service's to say.
    @discardableResult
    public func resume(_ saved: SavedSecurityContext) throws -> Context {
        guard saved.token.version == configuration.version else {
            throw SecureConversationError(.notEstablished, "the saved context is of another WS-SecureConversation version than the configuration")
        }
        guard saved.secret.count >= HMACFunction.minimumKeyByteCount else {
            throw SecureConversationError(.notEstablished, "the saved context's secret is shorter than 128 bits")
        }
        var token = saved.token
        token.id = nil
        let record = SecurityContextRecord(
            identifier: token.identifier, instance: token.instance, secret: saved.secret, owner: "",
            created: saved.created, expires: saved.expires)
        let issued = IssuedContext(token: token, record: record)
        replace(issued)
        return Self.summary(issued)
    }
}
