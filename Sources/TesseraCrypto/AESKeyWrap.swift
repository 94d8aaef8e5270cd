internal import Crypto

/// The AES Key Wrap of RFC 3394, XML-Enc `kw-aes128`, `kw-aes192`, `kw-aes256` (XML-Enc 1.1 §5.6.3),
/// computed by swift-crypto's `AES.KeyWrap`.
public enum AESKeyWrap {
    /// Wraps `keyToWrap` (at least 16 bytes, a multiple of 8) under `kek` (16, 24 or 32 bytes).
    /// The result is 8 bytes longer than `keyToWrap`.
    public static func wrap(_ keyToWrap: [UInt8], kek: [UInt8]) throws -> [UInt8] {
        guard [16, 24, 32].contains(kek.count) else { throw CryptoError.invalidKeySize("AES key-encryption keys are 16, 24 or 32 bytes") }
        guard keyToWrap.count >= 16, keyToWrap.count % 8 == 0 else {
            throw CryptoError.invalidParameter("a wrapped key is at least 16 bytes and a multiple of 8")
        }
        do {
            return Array(try AES.KeyWrap.wrap(SymmetricKey(data: keyToWrap), using: SymmetricKey(data: kek)))
        } catch {
            throw CryptoError.encryptionFailed("AES key wrap failed")
        }
    }

    /// Unwraps and checks the integrity value of `wrapped` under `kek`. Every failure (wrong KEK
    /// or KEK length, malformed input, integrity check) throws
    /// ``CryptoError/Code-swift.struct/decryptionFailed`` with the same reason.
    public static func unwrap(_ wrapped: [UInt8], kek: [UInt8]) throws -> [UInt8] {
        guard [16, 24, 32].contains(kek.count), wrapped.count >= 24, wrapped.count % 8 == 0 else {
            throw CryptoError.decryptionFailed
        }
        do {
            let key = try AES.KeyWrap.unwrap(wrapped, using: SymmetricKey(data: kek))
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw CryptoError.decryptionFailed
        }
    }
}
