internal import Crypto

/// AES-GCM as XML-Enc 1.1 §5.2.4 uses it (`aes128-gcm`, `aes192-gcm`, `aes256-gcm`): the cipher
/// value is `nonce (12 bytes) || ciphertext || tag (16 bytes)`, with no additional authenticated data.
/// The `authenticating:` variants add associated data, for uses outside XML-Enc (sealing a
/// secret to the record it belongs to).
public enum AESGCM {
    /// The nonce length XML-Enc 1.1 prescribes.
    public static let nonceByteCount = 12
    /// The tag length XML-Enc 1.1 prescribes.
    public static let tagByteCount = 16

    /// Encrypts `plaintext` under `key` (16, 24 or 32 bytes) with a random nonce and returns
    /// `nonce || ciphertext || tag`.
    public static func encrypt(_ plaintext: [UInt8], key: [UInt8]) throws -> [UInt8] {
        try encrypt(plaintext, key: key, authenticating: [])
    }

    /// Encrypts `plaintext` under `key` (16, 24 or 32 bytes) with a random nonce, authenticating
    /// `associatedData` as well (NIST SP 800-38D's AAD: bound to the ciphertext, not stored in it),
    /// and returns `nonce || ciphertext || tag`. Decryption succeeds only with the same associated data.
    public static func encrypt(_ plaintext: [UInt8], key: [UInt8], authenticating associatedData: [UInt8]) throws -> [UInt8] {
        guard [16, 24, 32].contains(key.count) else { throw CryptoError.invalidKeySize("AES keys are 16, 24 or 32 bytes") }
        do {
            let sealed = try AES.GCM.seal(plaintext, using: SymmetricKey(data: key), authenticating: associatedData)
            guard let combined = sealed.combined else { throw CryptoError.encryptionFailed("AES-GCM encryption failed") }
            return Array(combined)
        } catch {
            throw CryptoError.encryptionFailed("AES-GCM encryption failed")
        }
    }

    /// Decrypts and authenticates `nonce || ciphertext || tag` under `key`. Every failure (wrong key
    /// or key length, truncated input, failed tag check) throws
    /// ``CryptoError/Code-swift.struct/decryptionFailed`` with the same reason.
    public static func decrypt(_ combined: [UInt8], key: [UInt8]) throws -> [UInt8] {
        try decrypt(combined, key: key, authenticating: [])
    }

    /// Decrypts and authenticates `nonce || ciphertext || tag` under `key` together with
    /// `associatedData`. Different associated data fails exactly like a wrong key or a tampered
    /// tag: ``CryptoError/Code-swift.struct/decryptionFailed`` with the same reason.
    public static func decrypt(_ combined: [UInt8], key: [UInt8], authenticating associatedData: [UInt8]) throws -> [UInt8] {
        guard [16, 24, 32].contains(key.count), combined.count >= nonceByteCount + tagByteCount else {
            throw CryptoError.decryptionFailed
        }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            return Array(try AES.GCM.open(box, using: SymmetricKey(data: key), authenticating: associatedData))
        } catch {
            throw CryptoError.decryptionFailed
        }
    }
}
