/// AES-CBC as XML-Enc uses it (`aes128-cbc`, `aes192-cbc`, `aes256-cbc`; XML-Enc 1.1 §5.2.1):
/// the IV is prepended to the ciphertext, and the padding is XML-Enc's, not PKCS#7 — arbitrary pad
/// bytes whose last byte is the pad length (1...16).
///
/// CBC has no integrity: a decryption that "succeeds" proves nothing. XML-Enc 1.1 recommends
/// AES-GCM (``AESGCM``); CBC content must be covered by a signature checked first.
public enum AESCBC {
    /// The AES block and IV length.
    public static let blockByteCount = 16

    /// Encrypts `plaintext` under `key` (16, 24 or 32 bytes) and returns `IV || ciphertext`.
    /// The IV is random unless given (tests only: an IV must never repeat under one key).
    /// Pad bytes are random, last byte = pad length.
    public static func encrypt(_ plaintext: [UInt8], key: [UInt8], iv: [UInt8]? = nil) throws -> [UInt8] {
        guard [16, 24, 32].contains(key.count) else { throw CryptoError.invalidKeySize("AES keys are 16, 24 or 32 bytes") }
        let ivBytes = iv ?? SecureRandom.bytes(blockByteCount)
        guard ivBytes.count == blockByteCount else { throw CryptoError.invalidParameter("the AES-CBC IV is 16 bytes") }

        let padLength = blockByteCount - plaintext.count % blockByteCount  // 1...16
        var padded = plaintext
        padded += SecureRandom.bytes(padLength - 1)
        padded.append(UInt8(padLength))

        guard let ciphertext = OpenSSL.aesCBC(padded[...], key: key, iv: ivBytes[...], encrypt: true) else {
            throw CryptoError.encryptionFailed("AES-CBC encryption failed")
        }
        return ivBytes + ciphertext
    }

    /// Decrypts `IV || ciphertext` under `key` and removes XML-Enc padding.
    ///
    /// Only the last byte of the padding is checked (it must be 1...16), as XML-Enc 1.1 §5.2.1
    /// requires; the other pad bytes are ignored. Every failure — wrong key length, input not a
    /// whole number of blocks or shorter than IV plus one block, bad pad length — throws
    /// ``CryptoError/Code-swift.struct/decryptionFailed`` with the same reason.
    public static func decrypt(_ ivAndCiphertext: [UInt8], key: [UInt8]) throws -> [UInt8] {
        guard [16, 24, 32].contains(key.count),
            ivAndCiphertext.count >= 2 * blockByteCount,
            ivAndCiphertext.count % blockByteCount == 0
        else { throw CryptoError.decryptionFailed }

        guard
            let padded = OpenSSL.aesCBC(
                ivAndCiphertext.dropFirst(blockByteCount), key: key,
                iv: ivAndCiphertext.prefix(blockByteCount), encrypt: false)
        else {
            throw CryptoError.decryptionFailed
        }
        guard let last = padded.last, (1...blockByteCount).contains(Int(last)), padded.count >= Int(last) else {
            throw CryptoError.decryptionFailed
        }
        return Array(padded.dropLast(Int(last)))
    }
}
