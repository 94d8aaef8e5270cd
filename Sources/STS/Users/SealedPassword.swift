import Crypto
import Foundation

/// The password of a user who may authenticate with a UsernameToken PasswordDigest, encrypted
/// at rest. A digest (SHA-1 of nonce, Created and password, UsernameToken Profile 1.1 §3.1)
/// can only be checked by a party that can recover the password, which a slow hash forbids; so
/// such users also carry their password sealed with AES-256-GCM under the directory's digest
/// key, bound to the user's name (the associated data), so an entry copied onto another user
/// does not open. Written as
///
///     $tessera-aes256gcm$<Base64 of nonce(12) ‖ ciphertext ‖ tag(16)>
///
/// Users without it cannot use PasswordDigest; PasswordText over TLS needs only the hash.
public struct SealedPassword: Sendable, Hashable, CustomStringConvertible {
    static let scheme = "tessera-aes256gcm"
    /// The digest key's length in bytes.
    public static let keyByteCount = 32

    let combined: [UInt8]

    /// Reads the sealed form (it is opened only when a digest is checked).
    public init(sealed text: String) throws(UserDirectoryError) {
        let fields = text.trimmingCharacters(in: .whitespaces).split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].isEmpty, fields[1] == Self.scheme,
            let combined = PasswordHash.decode(fields[2]), combined.count > 28
        else {
            throw UserDirectoryError(.malformedSealedPassword, "a sealed password must read $\(Self.scheme)$<Base64>")
        }
        self.combined = combined
    }

    private init(combined: [UInt8]) {
        self.combined = combined
    }

    /// Seals `password` for `username` under `key` (32 bytes).
    public static func seal(password: String, username: String, key: [UInt8]) throws(UserDirectoryError) -> SealedPassword {
        let symmetricKey = try Self.key(key)
        do {
            let box = try AES.GCM.seal(Array(password.utf8), using: symmetricKey, authenticating: associatedData(username))
            guard let combined = box.combined else { throw UserDirectoryError(.hashingFailed, "the password could not be sealed") }
            return SealedPassword(combined: [UInt8](combined))
        } catch {
            throw UserDirectoryError(.hashingFailed, "the password could not be sealed")
        }
    }

    /// The password, when `key` opens the seal for `username`.
    func open(username: String, key: [UInt8]) throws(UserDirectoryError) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            let plaintext = try AES.GCM.open(box, using: try Self.key(key), authenticating: Self.associatedData(username))
            guard let password = String(bytes: plaintext, encoding: .utf8) else { throw CocoaError(.coderInvalidValue) }
            return password
        } catch {
            throw UserDirectoryError(.malformedSealedPassword, "the sealed password does not open with the digest key")
        }
    }

    /// Whether `key` opens this seal for `username`: a configuration can be checked at start,
    /// before the first PasswordDigest arrives. The password is dropped at once.
    public func opens(for username: String, key: [UInt8]) -> Bool {
        (try? open(username: username, key: key)) != nil
    }

    /// The sealed form, for a configuration file.
    public var sealedString: String { "$\(Self.scheme)$\(PasswordHash.encode(combined))" }

    /// Names the scheme only.
    public var description: String { "SealedPassword(\(Self.scheme))" }

    private static func key(_ bytes: [UInt8]) throws(UserDirectoryError) -> SymmetricKey {
        guard bytes.count == keyByteCount else {
            throw UserDirectoryError(.invalidDigestKey, "the digest key must be \(keyByteCount) bytes")
        }
        return SymmetricKey(data: bytes)
    }

    private static func associatedData(_ username: String) -> [UInt8] {
        Array("tessera digest password\u{0}\(username)".utf8)
    }
}
