import Foundation
import Testing

/// The test-only SHA-1 that checks W3C DigestValues must itself be right.
@Suite struct SHA1Tests {
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    ])
    func knownAnswers(message: String, expectedHex: String) {
        let digest = SHA1.hash(Array(message.utf8))
        #expect(digest.map { String(format: "%02x", $0) }.joined() == expectedHex)
    }

    @Test func millionAs() {
        let digest = SHA1.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(digest.map { String(format: "%02x", $0) }.joined() == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }
}
