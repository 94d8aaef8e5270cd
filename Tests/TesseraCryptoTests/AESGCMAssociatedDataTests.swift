import Testing
import TesseraCrypto

/// AES-GCM with associated data: the published vector, and refusal of any other associated data.
@Suite struct AESGCMAssociatedDataTests {
    /// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test case 4 (AES-128, 60-byte
    /// plaintext, 20 bytes of AAD); the same output as Python `cryptography`'s AESGCM.
    @Test func decryptsTheGCMSpecificationTestCase4() throws {
        let key = TestSupport.bytes(hex: "feffe9928665731c6d6a8f9467308308")
        let nonce = TestSupport.bytes(hex: "cafebabefacedbaddecaf888")
        let ciphertext = TestSupport.bytes(
            hex: """
                42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e
                21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091
                """)
        let tag = TestSupport.bytes(hex: "5bc94fbc3221a5db94fae95ae7121a47")
        let associatedData = TestSupport.bytes(hex: "feedfacedeadbeeffeedfacedeadbeefabaddad2")
        let plaintext = TestSupport.bytes(
            hex: """
                d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
                1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39
                """)
        #expect(try AESGCM.decrypt(nonce + ciphertext + tag, key: key, authenticating: associatedData) == plaintext)
        #expect(throws: CryptoError.self) { try AESGCM.decrypt(nonce + ciphertext + tag, key: key) }
    }

    @Test func otherAssociatedDataFailsLikeAWrongKey() throws {
        let key = SecureRandom.bytes(32)
        let sealed = try AESGCM.encrypt([1, 2, 3, 4], key: key, authenticating: Array("urn:uuid:a".utf8))
        #expect(try AESGCM.decrypt(sealed, key: key, authenticating: Array("urn:uuid:a".utf8)) == [1, 2, 3, 4])
        for other in [Array("urn:uuid:b".utf8), [], Array("urn:uuid:a ".utf8)] {
            let error = try #require(throws: CryptoError.self) { try AESGCM.decrypt(sealed, key: key, authenticating: other) }
            #expect(error.code == .decryptionFailed)
        }
    }

    @Test func emptyAssociatedDataIsTheXMLEncForm() throws {
        let key = SecureRandom.bytes(16)
        let sealed = try AESGCM.encrypt([9, 8, 7], key: key)
        #expect(try AESGCM.decrypt(sealed, key: key, authenticating: []) == [9, 8, 7])
    }
}
