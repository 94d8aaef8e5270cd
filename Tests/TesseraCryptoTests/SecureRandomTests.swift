import Testing
@testable import TesseraCrypto

@Suite struct SecureRandomTests {
    @Test func producesRequestedLength() {
        #expect(SecureRandom.bytes(0).isEmpty)
        #expect(SecureRandom.bytes(1).count == 1)
        #expect(SecureRandom.bytes(33).count == 33)
        #expect(SecureRandom.bytes(RandomPool.largestPooledDraw + 1).count == RandomPool.largestPooledDraw + 1)
    }

    @Test func successiveOutputsDiffer() {
        // 2^-256 chance of a false failure.
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
        #expect(SecureRandom.bytes(64) != [UInt8](repeating: 0, count: 64))
    }

    /// The pool serves each byte once: concurrent draws across several refills never repeat a
    /// 16-byte value (a repeat would mean a slice was handed out twice), and none is the zeroed
    /// fill the pool leaves behind.
    @Test func concurrentPooledDrawsAreAllDistinct() async {
        let draws = await withTaskGroup(of: [[UInt8]].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<1_000).map { _ in SecureRandom.bytes(16) } }
            }
            return await group.reduce(into: [[UInt8]]()) { $0 += $1 }
        }
        #expect(draws.count == 8_000)  // 128 KB: about 31 refills of the 4 KB pool
        #expect(Set(draws).count == draws.count)
        #expect(!draws.contains([UInt8](repeating: 0, count: 16)))
    }
}
