#if canImport(Glibc)
    import Glibc
#endif
import Testing
@testable import TesseraCrypto

@Suite(.serialized) struct SecureRandomTests {
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

    #if canImport(Glibc)
        /// After `fork()` parent and child hold the same buffered bytes; the child must not serve
        /// them. The child draws 16 bytes and sends them through a pipe, the parent draws its next
        /// 16: served from the shared buffer, both would be the same slice. The suite runs its
        /// tests one at a time, but other suites draw too: a child forked while another thread
        /// held the pool's lock cannot take it (the owner does not exist in the child) and dies or
        /// hangs; one that does not answer within 10 seconds is killed, and the fork tried again.
        @Test func aForkedChildDrawsFreshBytes() throws {
            _ = SecureRandom.bytes(16)  // the pool now holds buffered bytes
            for _ in 0..<3 {
                guard let (child, parent) = try drawInChildAndParent() else { continue }
                #expect(child != parent)
                return
            }
            Issue.record("three forked children did not answer")
        }

        /// The child's and the parent's next 16 bytes; nil when the child did not answer in time.
        private func drawInChildAndParent() throws -> (child: [UInt8], parent: [UInt8])? {
            var pipeEnds: [Int32] = [0, 0]
            try #require(pipe(&pipeEnds) == 0)
            defer { close(pipeEnds[0]) }
            let child = fork()
            try #require(child >= 0)
            if child == 0 {
                let drawn = SecureRandom.bytes(16)
                _ = drawn.withUnsafeBytes { write(pipeEnds[1], $0.baseAddress, $0.count) }
                _exit(0)
            }
            close(pipeEnds[1])
            let parent = SecureRandom.bytes(16)
            var ready = pollfd(fd: pipeEnds[0], events: Int16(POLLIN), revents: 0)
            defer {
                kill(child, SIGKILL)
                var status: Int32 = 0
                waitpid(child, &status, 0)
            }
            guard poll(&ready, 1, 10_000) == 1 else { return nil }
            var received = [UInt8](repeating: 0, count: 16)
            let count = received.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
            return count == received.count ? (received, parent) : nil
        }
    #endif
}
