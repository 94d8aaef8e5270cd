import Foundation
import SecurityCore
import SOAP
import Synchronization
import Testing
import WSSecurity
@testable import STS

/// Password checks run on the pool's own threads, bounded in number and queue; a full queue
/// is a "busy" answer, never an authentication failure.
struct PasswordCheckPoolTests {
    /// A gate a check waits at until the test opens it.
    final class Gate: Sendable {
        private let semaphore = DispatchSemaphore(value: 0)
        private let entered = DispatchSemaphore(value: 0)
        func wait() { entered.signal(); semaphore.wait() }
        func awaitEntered() { entered.wait() }
        func open() { semaphore.signal() }
    }

    static func poolIndexOfCurrentThread() -> Int? {
        Thread.current.threadDictionary[PasswordCheckPool.threadMarker] as? Int
    }

    @Test func checksRunOnThePoolsThreads() async throws {
        let pool = PasswordCheckPool(threadCount: 1, queueLimit: 4)
        let index = try await pool.run { Self.poolIndexOfCurrentThread() }
        #expect(index == 0)
        // A thread of the test's own is not one of the pool's.
        let elsewhere = await Task.detached { Self.poolIndexOfCurrentThread() }.value
        #expect(elsewhere == nil)
    }

    @Test func aFullQueueIsRefusedAsBusy() async throws {
        let pool = PasswordCheckPool(threadCount: 1, queueLimit: 1)
        let gate = Gate()
        let running = Task {
            try await pool.run {
                gate.wait(); return 1
            }
        }
        await Task.detached { gate.awaitEntered() }.value
        let waiting = Task { try await pool.run { 2 } }
        while pool.pending < 2 { await Task.yield() }
        await #expect(throws: ServiceBusy.self) { _ = try await pool.run { 3 } }
        #expect(pool.refused == 1)
        gate.open()
        #expect(try await running.value == 1)
        #expect(try await waiting.value == 2)
        #expect(try await pool.run { 4 } == 4)
    }

    /// The STS answers a password login it has no room to check with the busy fault.
    @Test func theSTSAnswersBusyNotFailedAuthentication() async throws {
        var harness = STSHarness()
        let pool = PasswordCheckPool(threadCount: 1, queueLimit: 0)
        harness.configuration.passwordChecks = pool
        let gate = Gate()
        let blocker = Task { try await pool.run { gate.wait() } }
        await Task.detached { gate.awaitEntered() }.value
        var request = TestRequest()
        request.onBehalfOf = nil
        let envelope = try request.envelope(.username(UsernameToken(username: "alice", password: .text(TestUsers.alicePassword))), at: harness.now)
        let fault = try await harness.fault(envelope, context: STSRequestContext(transportIsSecure: true))
        #expect(fault == ServiceBusy.fault)
        gate.open()
        try await blocker.value
    }
}
