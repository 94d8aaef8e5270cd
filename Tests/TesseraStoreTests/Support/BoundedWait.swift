import Synchronization

/// The outcome of `task` if it finishes within `limit`; nil otherwise, and then `task` is
/// cancelled and left to end on its own. A test that waits through this fails when a store call
/// never returns, instead of hanging the run.
func outcome<Success: Sendable>(of task: Task<Success, any Error>, within limit: Duration) async -> Result<Success, any Error>? {
    let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Success, any Error>?, Never>) in
        let first = FirstAnswer(continuation)
        let timer = Task {
            try? await Task.sleep(for: limit)
            first.resume(with: nil)
        }
        Task {
            first.resume(with: await task.result)
            timer.cancel()
        }
    }
    if outcome == nil { task.cancel() }
    return outcome
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
