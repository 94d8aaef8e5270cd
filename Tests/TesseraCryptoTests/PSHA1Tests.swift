import Testing
import TesseraCrypto

/// P_SHA-1 checked against an independent computation: the expected values were computed with
/// Python's `hmac`/`hashlib` modules (a straightforward RFC 2246 §5 P_hash loop), not with this code.
@Suite struct PSHA1Tests {
    static let secret = [UInt8](0..<32)
    static let seed = Array("WS-SecureConversationWS-SecureConversation".utf8) + [UInt8](repeating: 0xA5, count: 16)

    @Test func firstTwoBlocks() {
        let key = PSHA1.derive(secret: Self.secret, seed: Self.seed, length: 32)
        #expect(TestSupport.hex(key) == "a708fa4b9bdd6a28270ba66d4df08ee1329b6ece9a545e98465bdc32a1541e7b")
    }

    @Test func offsetAndLengthNotMultiplesOfTwenty() {
        // offset 17, length 45: spans blocks 1 to 4.
        let key = PSHA1.derive(secret: Self.secret, seed: Self.seed, length: 45, offset: 17)
        #expect(TestSupport.hex(key) == "9b6ece9a545e98465bdc32a1541e7bac00b5bb7b377d5c5656ddb7d049c05fba5bffc03181df531296299591f5")
    }

    @Test func slicesWithinOneBlock() {
        #expect(TestSupport.hex(PSHA1.derive(secret: Self.secret, seed: Self.seed, length: 7, offset: 40)) == "5656ddb7d049c0")
        #expect(TestSupport.hex(PSHA1.derive(secret: Self.secret, seed: Self.seed, length: 20, offset: 100)) == "cc9794157fc7c7c0de83ef46661cd707148b519b")
    }

    @Test func offsetSliceMatchesPrefixOfLongerOutput() {
        let long = PSHA1.derive(secret: Self.secret, seed: Self.seed, length: 130)
        #expect(Array(long[33..<97]) == PSHA1.derive(secret: Self.secret, seed: Self.seed, length: 64, offset: 33))
    }

    @Test func zeroLengthIsEmpty() {
        #expect(PSHA1.derive(secret: Self.secret, seed: Self.seed, length: 0, offset: 5).isEmpty)
    }

    @Test func differentSecretGivesDifferentKey() {
        let other = PSHA1.derive(secret: [UInt8](1...32), seed: Self.seed, length: 32)
        #expect(TestSupport.hex(other) != "a708fa4b9bdd6a28270ba66d4df08ee1329b6ece9a545e98465bdc32a1541e7b")
    }
}

/// ``PSHA1/Keyed``: one keyed HMAC state serves several derivations, each the same as on its own.
@Suite struct PSHA1KeyedTests {
    @Test func derivationsUnderOneKeyingMatchSeparateOnes() {
        let keyed = PSHA1.Keyed(secret: PSHA1Tests.secret)
        let seeds = [PSHA1Tests.seed, Array("WS-SecureConversation".utf8) + [UInt8](repeating: 7, count: 16), []]
        for seed in seeds + seeds.reversed() {
            #expect(keyed.derive(seed: seed, length: 24) == PSHA1.derive(secret: PSHA1Tests.secret, seed: seed, length: 24))
            #expect(keyed.derive(seed: seed, length: 45, offset: 17) == PSHA1.derive(secret: PSHA1Tests.secret, seed: seed, length: 45, offset: 17))
        }
        #expect(TestSupport.hex(keyed.derive(seed: PSHA1Tests.seed, length: 32)) == "a708fa4b9bdd6a28270ba66d4df08ee1329b6ece9a545e98465bdc32a1541e7b")
    }
}

/// The derivation, which skips the blocks before `offset` and writes every HMAC into one working
/// buffer, against the RFC 2246 §5 loop written with one-shot HMACs.
@Suite struct PSHA1ReferenceLoopTests {
    static func reference(secret: [UInt8], seed: [UInt8], length: Int, offset: Int) -> [UInt8] {
        var stream: [UInt8] = []
        var a = seed
        while stream.count < offset + length {
            a = HMACFunction.authenticationCode(for: a, key: secret, digest: .sha1)
            stream += HMACFunction.authenticationCode(for: a + seed, key: secret, digest: .sha1)
        }
        return Array(stream[offset..<(offset + length)])
    }

    @Test(arguments: [0, 1, 16, 58, 64, 100])
    func matchesTheReferenceLoop(seedLength: Int) {
        let seed = (0..<seedLength).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let keyed = PSHA1.Keyed(secret: PSHA1Tests.secret)
        for (length, offset) in [(1, 0), (16, 0), (20, 0), (24, 0), (32, 0), (40, 0), (41, 0), (7, 19), (20, 20), (33, 45), (64, 100), (3, 200)] {
            let expected = Self.reference(secret: PSHA1Tests.secret, seed: seed, length: length, offset: offset)
            #expect(keyed.derive(seed: seed, length: length, offset: offset) == expected)
        }
    }
}
