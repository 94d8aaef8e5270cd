import Testing
import TesseraCrypto

@Suite struct AESCBCTests {
    // NIST SP 800-38A F.2.1 (CBC-AES128.Encrypt).
    static let nistKey = TestSupport.bytes(hex: "2b7e151628aed2a6abf7158809cf4f3c")
    static let nistIV = TestSupport.bytes(hex: "000102030405060708090a0b0c0d0e0f")
    static let nistPlaintext = TestSupport.bytes(
        hex: "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
    static let nistCiphertext = TestSupport.bytes(
        hex: "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7")
    /// Encryption of the padding block 00…00 10 chained after the NIST ciphertext, computed with
    /// `openssl enc -aes-128-cbc -nopad` over plaintext || 00…0010.
    static let nistPaddingBlock = TestSupport.bytes(hex: "c6e3188085b33f977c845047bf4f63e0")

    @Test func knownAnswerEncrypt() throws {
        let output = try AESCBC.encrypt(Self.nistPlaintext, key: Self.nistKey, iv: Self.nistIV)
        #expect(output.count == 16 + 64 + 16)  // IV, four blocks, one whole padding block
        #expect(Array(output.prefix(80)) == Self.nistIV + Self.nistCiphertext)
        #expect(try AESCBC.decrypt(output, key: Self.nistKey) == Self.nistPlaintext)
    }

    @Test func knownAnswerDecrypt() throws {
        let input = Self.nistIV + Self.nistCiphertext + Self.nistPaddingBlock
        #expect(try AESCBC.decrypt(input, key: Self.nistKey) == Self.nistPlaintext)
    }

    @Test(arguments: [16, 24, 32])
    func roundTripAllLengths(keyLength: Int) throws {
        let key = SecureRandom.bytes(keyLength)
        for length in [0, 1, 15, 16, 17, 31, 32, 100] {
            let plaintext = SecureRandom.bytes(length)
            let encrypted = try AESCBC.encrypt(plaintext, key: key)
            #expect(encrypted.count == 16 + (length / 16 + 1) * 16)
            #expect(try AESCBC.decrypt(encrypted, key: key) == plaintext)
        }
    }

    @Test func randomIVAndPadding() throws {
        let key = SecureRandom.bytes(16)
        let a = try AESCBC.encrypt([1, 2, 3], key: key)
        let b = try AESCBC.encrypt([1, 2, 3], key: key)
        #expect(a.prefix(16) != b.prefix(16))
        // Same IV: pad bytes still random, only the last byte (13) is fixed.
        let iv = [UInt8](repeating: 9, count: 16)
        #expect(try AESCBC.encrypt([1, 2, 3], key: key, iv: iv) != AESCBC.encrypt([1, 2, 3], key: key, iv: iv))
    }

    /// XML-Enc 1.1 §5.2.1: only the last byte is checked, other pad bytes are arbitrary.
    @Test func ignoresPadBytesOtherThanTheLast() throws {
        // The NIST plaintext's last block ends in ...3710: as XML-Enc padding the last byte 0x10 (16)
        // means "a whole block of padding", whatever the other 15 bytes are.
        let input = Self.nistIV + Self.nistCiphertext
        #expect(try AESCBC.decrypt(input, key: Self.nistKey) == Array(Self.nistPlaintext.prefix(48)))
    }

    @Test func everyFailureIsTheSameError() throws {
        let key = TestSupport.bytes(hex: "000102030405060708090a0b0c0d0e0f")
        let iv = TestSupport.bytes(hex: "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
        // "fifteen bytes!!" + pad 01 under key/iv (checked with openssl enc -nopad).
        let good = iv + TestSupport.bytes(hex: "adee2bab3ae58eb662854ac3e020310a")
        #expect(try AESCBC.decrypt(good, key: key) == Array("fifteen bytes!!".utf8))
        // Blocks that decrypt to ...00 and ...11 under key/iv (made with openssl enc -nopad).
        let lastByteZero = iv + TestSupport.bytes(hex: "a8989d07ae850fa9b0dde1fa4ff38ae2")
        let lastByteSeventeen = iv + TestSupport.bytes(hex: "e447a284382880ab1a07f8d2876a0294")
        // Under this wrong key the block decrypts to ...54 (checked with openssl enc -d -nopad).
        let wrongKey = TestSupport.bytes(hex: "0f0e0d0c0b0a09080706050403020100")

        let failures: [(String, () throws -> [UInt8])] = [
            ("wrong key", { try AESCBC.decrypt(good, key: wrongKey) }),
            ("last byte 0", { try AESCBC.decrypt(lastByteZero, key: key) }),
            ("last byte 17", { try AESCBC.decrypt(lastByteSeventeen, key: key) }),
            ("truncated to IV", { try AESCBC.decrypt(Array(good.prefix(16)), key: key) }),
            ("not whole blocks", { try AESCBC.decrypt(Array(good.dropLast()), key: key) }),
            ("empty", { try AESCBC.decrypt([], key: key) }),
            ("bad key length", { try AESCBC.decrypt(good, key: Array(key.dropLast())) }),
        ]
        var reasons = Set<String>()
        for (name, failure) in failures {
            do {
                let result = try failure()
                Issue.record("\(name): decryption unexpectedly returned \(result.count) bytes")
            } catch let error as CryptoError {
                #expect(error.code == .decryptionFailed, "\(name)")
                reasons.insert(error.reason)
                reasons.insert(error.description)
            }
        }
        #expect(reasons.count == 2)  // one reason, one description, for all causes
    }

    @Test func encryptRefusesBadKeyOrIV() {
        #expect(throws: CryptoError.self) { try AESCBC.encrypt([1], key: [UInt8](repeating: 0, count: 15)) }
        #expect(throws: CryptoError.self) { try AESCBC.encrypt([1], key: [UInt8](repeating: 0, count: 16), iv: [0]) }
    }
}
