import Testing
import TesseraCrypto

@Suite struct SecureRandomTests {
    @Test func producesRequestedLength() {
        #expect(SecureRandom.bytes(0).isEmpty)
        #expect(SecureRandom.bytes(1).count == 1)
        #expect(SecureRandom.bytes(33).count == 33)
    }

    @Test func successiveOutputsDiffer() {
        // 2^-256 chance of a false failure.
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
        #expect(SecureRandom.bytes(64) != [UInt8](repeating: 0, count: 64))
    }
}
