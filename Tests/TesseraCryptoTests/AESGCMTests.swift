import Testing
import TesseraCrypto

@Suite struct AESGCMTests {
    @Test(arguments: [16, 24, 32])
    func roundTrip(keyLength: Int) throws {
        let key = SecureRandom.bytes(keyLength)
        for plaintext in [[], [0x42], SecureRandom.bytes(1000)] {
            let combined = try AESGCM.encrypt(plaintext, key: key)
            #expect(combined.count == 12 + plaintext.count + 16)
            #expect(try AESGCM.decrypt(combined, key: key) == plaintext)
        }
    }

    @Test func tamperingAndWrongKeysFailTheSameWay() throws {
        let key = SecureRandom.bytes(16)
        let combined = try AESGCM.encrypt(Array("<Secret>value</Secret>".utf8), key: key)
        var cases: [[UInt8]] = []
        for index in [0, 12, combined.count - 1] {  // nonce, ciphertext, tag
            var tampered = combined
            tampered[index] ^= 0x01
            cases.append(tampered)
        }
        cases.append(Array(combined.dropLast()))
        cases.append(Array(combined.prefix(27)))
        var reasons = Set<String>()
        for input in cases {
            #expect(throws: CryptoError.self) { try AESGCM.decrypt(input, key: key) }
        }
        for (input, k) in cases.map({ ($0, key) }) + [(combined, SecureRandom.bytes(16)), (combined, SecureRandom.bytes(15))] {
            do {
                _ = try AESGCM.decrypt(input, key: k)
            } catch let error as CryptoError {
                #expect(error.code == .decryptionFailed)
                reasons.insert(error.reason)
            }
        }
        #expect(reasons.count == 1)
    }

    @Test func noncesAreFresh() throws {
        let key = SecureRandom.bytes(32)
        let a = try AESGCM.encrypt([1, 2, 3], key: key)
        let b = try AESGCM.encrypt([1, 2, 3], key: key)
        #expect(a.prefix(12) != b.prefix(12))
    }
}
