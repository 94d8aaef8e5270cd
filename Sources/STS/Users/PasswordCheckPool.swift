import Foundation
import SecurityCore
import SOAP
import Synchronization

/// Runs password checks (scrypt: about 0.1 s and 32 MiB each) on a few dedicated threads,
/// never on Swift's cooperative pool, whose threads (one per core) every endpoint shares: a
/// burst of password logins must not stall X.509 requests or `/health`.
///
/// At most ``threadCount`` checks run at once and at most ``queueLimit`` wait; a check that
/// finds the queue full is refused at once with ``ServiceBusy`` (a "retry later" fault, never
/// an authentication failure).
public final class PasswordCheckPool: Sendable {
    /// Checks that run at once.
    public let threadCount: Int
    /// Checks that may wait for a thread.
    public let queueLimit: Int
    private let queue: JobQueue

    /// A pool of `threadCount` threads (at least one) and a queue of `queueLimit` waiting checks.
    /// Threads start with the first check and live as long as the process.
    public init(threadCount: Int = PasswordCheckPool.defaultThreadCount, queueLimit: Int = 64) {
        self.threadCount = max(1, threadCount)
        self.queueLimit = max(0, queueLimit)
        queue = JobQueue(threadCount: self.threadCount, queueLimit: self.queueLimit)
    }

    /// Half the cores (at least one): password logins can take at most that share of the machine.
    public static let defaultThreadCount = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)

    /// The key under which a pool thread's `threadDictionary` holds its index.
    static let threadMarker = "tessera.password-check-thread"

    /// The pool the STS and the secure-conversation username bootstrap use unless told otherwise.
    public static let shared = PasswordCheckPool()

    /// Checks that are running or waiting now.
    public var pending: Int { queue.pending }
    /// Checks refused because the queue was full, since the pool was made.
    public var refused: Int { queue.refused }

    /// Runs `check` on one of the pool's threads and returns its result; throws ``ServiceBusy``
    /// without running it when ``queueLimit`` checks are already waiting.
    public func run<Value: Sendable, Failure: Error>(_ check: @escaping @Sendable () throws(Failure) -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let accepted = queue.enqueue {
                do { continuation.resume(returning: try check()) } catch { continuation.resume(throwing: error) }
            }
            if !accepted { continuation.resume(throwing: ServiceBusy(resource: "password checks")) }
        }
    }
}

/// A FIFO of jobs served by dedicated threads, bounded in length.
private final class JobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var running = 0
    private var started = false
    private var refusedCount = 0
    private let threadCount: Int
    private let queueLimit: Int

    init(threadCount: Int, queueLimit: Int) {
        self.threadCount = threadCount
        self.queueLimit = queueLimit
    }

    var pending: Int { condition.withLock { jobs.count - head + running } }
    var refused: Int { condition.withLock { refusedCount } }

    /// False when the queue is full.
    func enqueue(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let waiting = jobs.count - head
        // A job may start at once when a thread is idle; otherwise it waits, within the limit.
        guard waiting + running < threadCount + queueLimit else {
            refusedCount += 1
            return false
        }
        if !started {
            started = true
            for index in 0..<threadCount {
                let thread = Thread { [self] in
                    Thread.current.threadDictionary[PasswordCheckPool.threadMarker] = index
                    work()
                }
                thread.start()
            }
        }
        jobs.append(job)
        condition.signal()
        return true
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            if head > 1_024, head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            running += 1
            condition.unlock()
            job()
            condition.withLock { running -= 1 }
        }
    }
}
