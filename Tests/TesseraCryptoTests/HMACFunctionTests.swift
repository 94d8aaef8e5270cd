import Testing
import TesseraCrypto

/// RFC 2202 (HMAC-SHA1) and RFC 4231 (HMAC-SHA2) test vectors.
@Suite struct HMACFunctionTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var key: [UInt8]
        var message: [UInt8]
        var digest: DigestAlgorithm
        var expectedHex: String
        var testDescription: String { name }
    }

    static let hiThereKey = [UInt8](repeating: 0x0b, count: 20)
    static let hiThere = Array("Hi There".utf8)
    static let jefe = Array("Jefe".utf8)
    static let whatDoYaWant = Array("what do ya want for nothing?".utf8)
    static let largeKeyMessage = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)

    static let vectors: [Vector] = [
        Vector(name: "RFC 2202 #1", key: hiThereKey, message: hiThere, digest: .sha1, expectedHex: "b617318655057264e28bc0b6fb378c8ef146be00"),
        Vector(name: "RFC 2202 #2", key: jefe, message: whatDoYaWant, digest: .sha1, expectedHex: "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        Vector(
            name: "RFC 2202 #3", key: [UInt8](repeating: 0xaa, count: 20), message: [UInt8](repeating: 0xdd, count: 50), digest: .sha1,
            expectedHex: "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
        Vector(
            name: "RFC 2202 #6", key: [UInt8](repeating: 0xaa, count: 80), message: largeKeyMessage, digest: .sha1,
            expectedHex: "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
        Vector(
            name: "RFC 4231 #1 SHA-224", key: hiThereKey, message: hiThere, digest: .sha224,
            expectedHex: "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22"),
        Vector(
            name: "RFC 4231 #1 SHA-256", key: hiThereKey, message: hiThere, digest: .sha256,
            expectedHex: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            name: "RFC 4231 #1 SHA-384", key: hiThereKey, message: hiThere, digest: .sha384,
            expectedHex: "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"),
        Vector(
            name: "RFC 4231 #1 SHA-512", key: hiThereKey, message: hiThere, digest: .sha512,
            expectedHex:
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
        Vector(
            name: "RFC 4231 #2 SHA-224", key: jefe, message: whatDoYaWant, digest: .sha224,
            expectedHex: "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44"),
        Vector(
            name: "RFC 4231 #2 SHA-256", key: jefe, message: whatDoYaWant, digest: .sha256,
            expectedHex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            name: "RFC 4231 #2 SHA-384", key: jefe, message: whatDoYaWant, digest: .sha384,
            expectedHex: "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"),
        Vector(
            name: "RFC 4231 #2 SHA-512", key: jefe, message: whatDoYaWant, digest: .sha512,
            expectedHex:
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
        Vector(
            name: "RFC 4231 #6 SHA-256", key: [UInt8](repeating: 0xaa, count: 131), message: largeKeyMessage, digest: .sha256,
            expectedHex: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ]

    @Test(arguments: vectors)
    func knownAnswer(_ vector: Vector) {
        let mac = HMACFunction.authenticationCode(for: vector.message, key: vector.key, digest: vector.digest)
        #expect(TestSupport.hex(mac) == vector.expectedHex)
    }

    /// Empty key and message; expected values computed with Python's hmac module.
    @Test func emptyKeyAndMessage() {
        #expect(TestSupport.hex(HMACFunction.authenticationCode(for: [], key: [], digest: .sha1)) == "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d")
        #expect(
            TestSupport.hex(HMACFunction.authenticationCode(for: [], key: [], digest: .sha224)) == "5ce14f72894662213e2748d2a6ba234b74263910cedde2f5a9271524")
        #expect(
            TestSupport.hex(HMACFunction.authenticationCode(for: [], key: [], digest: .sha256))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func differentKeyGivesDifferentCode() {
        let a = HMACFunction.authenticationCode(for: Self.hiThere, key: Self.hiThereKey, digest: .sha256)
        let b = HMACFunction.authenticationCode(for: Self.hiThere, key: Self.jefe, digest: .sha256)
        #expect(!constantTimeEquals(a, b))
    }
}
