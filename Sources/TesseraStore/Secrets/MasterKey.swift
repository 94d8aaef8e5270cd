import Foundation
import TesseraCrypto

/// The key that seals security-context secrets at rest (AES-256-GCM, through keys derived from
/// it). It lives outside the database: a file of exactly 32 random bytes, or bytes handed over by
/// a secret manager. Whoever holds the database but not this key cannot read any secret; whoever
/// loses it loses every stored context (they read as ``StoreError/Code-swift.struct/masterKeyMismatch``,
/// never as garbage).
///
/// Its description shows only its ``identifier``, never the bytes.
public struct MasterKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A master key is 32 bytes (256 bits).
    public static let byteCount = 32

    let bytes: [UInt8]

    /// The key with these bytes. Refuses anything but exactly ``byteCount`` bytes.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.byteCount else {
            throw StoreError(.invalidMasterKey, "a master key is exactly \(Self.byteCount) bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// A fresh key from the system's CSPRNG.
    public static func generate() -> MasterKey {
        MasterKey(unchecked: SecureRandom.bytes(byteCount))
    }

    private init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A public name for this key, safe to log: the first 8 bytes of HMAC-SHA256(key,
    /// "tessera-store/v1/master-key-identifier") in hex. Each sealed secret records it, so a
    /// secret sealed under another key is told apart from a tampered one.
    public var identifier: String {
        keyIdentifier.map { String(format: "%02x", $0) }.joined()
    }

    var keyIdentifier: [UInt8] {
        Array(derive("tessera-store/v1/master-key-identifier").prefix(8))
    }

    /// HMAC-SHA256(key, label): one independent key per purpose.
    func derive(_ label: String) -> [UInt8] {
        HMACFunction.authenticationCode(for: Array(label.utf8), key: bytes, digest: .sha256)
    }

    public var description: String { "MasterKey(\(identifier))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["identifier": identifier]) }
}
