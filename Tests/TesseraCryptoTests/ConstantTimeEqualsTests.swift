import Testing
import TesseraCrypto

@Suite struct ConstantTimeEqualsTests {
    @Test func equalContentsAreEqual() {
        #expect(constantTimeEquals([], []))
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(constantTimeEquals([UInt8](repeating: 0xAB, count: 64), [UInt8](repeating: 0xAB, count: 64)))
    }

    @Test func differentContentsAreNotEqual() {
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([0, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([UInt8](repeating: 0, count: 32), [UInt8](repeating: 0, count: 31) + [0x80]))
    }

    @Test func differentLengthsAreNotEqual() {
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(!constantTimeEquals([], [0]))
    }
}
