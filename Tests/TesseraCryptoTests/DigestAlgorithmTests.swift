import Testing
import TesseraCrypto

/// FIPS 180-4 "abc" examples (values from the NIST example documents, re-checked with Python hashlib).
@Suite struct DigestAlgorithmTests {
    static let abcDigests: [(DigestAlgorithm, String)] = [
        (.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (.sha224, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"),
        (.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (.sha384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
        (.sha512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ]

    @Test(arguments: abcDigests)
    func knownAnswer(digest: DigestAlgorithm, expectedHex: String) {
        let output = digest.hash(Array("abc".utf8))
        #expect(TestSupport.hex(output) == expectedHex)
        #expect(output.count == digest.outputByteCount)
    }

    @Test func differentInputsGiveDifferentDigests() {
        #expect(DigestAlgorithm.sha224.hash([]) != DigestAlgorithm.sha224.hash([0]))
        #expect(DigestAlgorithm.sha256.hash(Array("abc".utf8)) != DigestAlgorithm.sha256.hash(Array("abd".utf8)))
    }
}
