import Synchronization

/// The outcome of `task` if it finishes within `limit`; nil otherwise, and then `task` is
/// cancelled and left to end on its own. A test that waits through this fails when a store call
/// never returns, instead of hanging the run.
func outcome<Success: Sendable>(of task: Task<Success, any Error>, within limit: Duration) async -> Result<Success, any Error>? {
    await firstOutcome(of: [task], within: limit)
}

/// The outcome of whichever of `tasks` finishes first, if one does within `limit`; nil
/// otherwise. Every other task is cancelled and left to end on its own.
func firstOutcome<Success: Sendable>(of tasks: [Task<Success, any Error>], within limit: Duration) async -> Result<Success, any Error>? {
    let (outcome, winner) = await withCheckedContinuation { (continuation: CheckedContinuation<(Result<Success, any Error>?, Int?), Never>) in
        let first = FirstAnswer(continuation)
        let timer = Task {
            try? await Task.sleep(for: limit)
            first.resume(with: (nil, nil))
        }
        for (index, task) in tasks.enumerated() {
            Task {
                first.resume(with: (await task.result, index))
                timer.cancel()
            }
        }
    }
    for (index, task) in tasks.enumerated() where index != winner { task.cancel() }
    return outcome
}

/// `body`'s result, or ``HarnessError/timedOut(_:)`` naming `what` when it has not finished
/// within `limit` (it is then cancelled and left to end on its own).
func bounded<Success: Sendable>(
    _ what: String, within limit: Duration, _ body: @escaping @Sendable () async throws -> Success
) async throws -> Success {
    guard let result = await outcome(of: Task(operation: body), within: limit) else { throw HarnessError.timedOut(what) }
    return try result.get()
}

/// Whether `condition` holds within `limit`, asked every 20 ms.
func eventually(within limit: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while true {
        if try await condition() { return true }
        guard ContinuousClock.now < deadline else { return false }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// Resumes a continuation with the first answer given; later answers are ignored.
private final class FirstAnswer<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, Never>?>

    init(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(with value: Value) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}
