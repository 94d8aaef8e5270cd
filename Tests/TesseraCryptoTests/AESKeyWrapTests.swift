import Testing
import TesseraCrypto

/// RFC 3394 §4 test vectors.
@Suite struct AESKeyWrapTests {
    static let keyData128 = TestSupport.bytes(hex: "00112233445566778899AABBCCDDEEFF")
    static let keyData256 = TestSupport.bytes(hex: "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F")

    @Test(arguments: [
        // §4.1: 128-bit key data with a 128-bit KEK.
        ("000102030405060708090A0B0C0D0E0F", "00112233445566778899AABBCCDDEEFF", "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"),
        // §4.3: 128-bit key data with a 256-bit KEK.
        (
            "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF",
            "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7"
        ),
        // §4.6: 256-bit key data with a 256-bit KEK.
        (
            "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
            "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21"
        ),
    ])
    func rfc3394Vectors(kekHex: String, keyHex: String, wrappedHex: String) throws {
        let kek = TestSupport.bytes(hex: kekHex)
        let key = TestSupport.bytes(hex: keyHex)
        let wrapped = TestSupport.bytes(hex: wrappedHex)
        #expect(try AESKeyWrap.wrap(key, kek: kek) == wrapped)
        #expect(try AESKeyWrap.unwrap(wrapped, kek: kek) == key)
    }

    @Test func integrityFailuresAreDecryptionFailed() throws {
        let kek = TestSupport.bytes(hex: "000102030405060708090A0B0C0D0E0F")
        let wrapped = TestSupport.bytes(hex: "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5")
        var tampered = wrapped
        tampered[5] ^= 0x01
        var reasons = Set<String>()
        for (input, key) in [(tampered, kek), (wrapped, [UInt8](repeating: 0, count: 16)), (Array(wrapped.prefix(16)), kek), (wrapped, Array(kek.prefix(8)))] {
            do {
                _ = try AESKeyWrap.unwrap(input, kek: key)
                Issue.record("unwrap unexpectedly succeeded")
            } catch let error as CryptoError {
                #expect(error.code == .decryptionFailed)
                reasons.insert(error.reason)
            }
        }
        #expect(reasons.count == 1)
    }

    @Test func wrapRefusesBadSizes() {
        #expect(throws: CryptoError.self) { try AESKeyWrap.wrap([UInt8](repeating: 1, count: 8), kek: Self.keyData128) }
        #expect(throws: CryptoError.self) { try AESKeyWrap.wrap([UInt8](repeating: 1, count: 20), kek: Self.keyData128) }
        #expect(throws: CryptoError.self) { try AESKeyWrap.wrap(Self.keyData128, kek: [1, 2, 3]) }
        #expect(throws: Never.self) { try AESKeyWrap.wrap(Self.keyData256, kek: Self.keyData128) }
    }
}
