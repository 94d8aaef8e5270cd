#if canImport(Glibc)
    import Glibc
#endif
import Synchronization

/// Cryptographically secure random bytes, for keys, IVs, nonces and salts.
public enum SecureRandom {
    /// `count` random bytes from OpenSSL's CSPRNG (a DRBG seeded from the operating system).
    /// `count` must not be negative; zero gives an empty array.
    ///
    /// Draws of up to ``RandomPool/largestPooledDraw`` bytes (IVs, nonces, identifiers: a secured
    /// message takes a few dozen) are served from a pool refilled 4 KB at a time, since each
    /// `RAND_bytes` call costs about as much as 4 KB of its output; larger draws go to OpenSSL
    /// directly.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes: negative count")
        guard count > 0 else { return [] }
        guard count <= RandomPool.largestPooledDraw else { return OpenSSL.randomBytes(count) }
        return RandomPool.shared.draw(count)
    }
}

/// A buffer of CSPRNG output handed out front to back: every byte is served once and zeroed as
/// it is served, and a process that forks starts its child on a fresh buffer (the parent's
/// buffered bytes would otherwise be served twice, once in each process).
///
/// The child is recognised by a generation counter that a `pthread_atfork` child handler
/// increments, rather than by comparing `getpid()` on every draw: glibc does not cache the
/// process ID, so that was a system call per draw (a secured message takes a few dozen).
final class RandomPool: Sendable {
    static let shared = RandomPool()
    static let largestPooledDraw = 64
    private static let capacity = 4096

    /// How many times this process's ancestors and it were forked into a child: incremented in
    /// the child, by the forking thread, before `fork()` returns there.
    private static let forkGeneration = Atomic<UInt64>(0)

    private struct State {
        var buffer = [UInt8](repeating: 0, count: RandomPool.capacity)
        var position = RandomPool.capacity  // empty: the first draw fills it
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    private init() {
        #if canImport(Glibc)
            _ = Self.forkGeneration.load(ordering: .relaxed)  // initialized before a fork can run the handler
            pthread_atfork(nil, nil) { RandomPool.forkGeneration.add(1, ordering: .relaxed) }
        #endif
    }

    func draw(_ count: Int) -> [UInt8] {
        precondition(count <= Self.largestPooledDraw)
        let generation = Self.forkGeneration.load(ordering: .relaxed)
        return state.withLock { state in
            if state.generation != generation || Self.capacity - state.position < count {
                state.buffer = OpenSSL.randomBytes(Self.capacity)
                state.position = 0
                state.generation = generation
            }
            let range = state.position..<state.position + count
            let drawn = Array(state.buffer[range])
            state.buffer.replaceSubrange(range, with: repeatElement(0, count: count))
            state.position += count
            return drawn
        }
    }
}
