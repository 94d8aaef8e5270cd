import Synchronization

/// Holds callers back until the store is ready (its schema exists), then lets every caller
/// through; or fails them all once it cannot become ready or has stopped.
final class ReadinessGate: Sendable {
    private enum State {
        case waiting([Int: CheckedContinuation<Void, any Error>])
        case ready
        case closed(StoreError)
    }

    private let state = Mutex<(state: State, nextWaiter: Int)>((.waiting([:]), 0))

    /// Returns once the gate is open; throws when it was closed, or when the calling task is
    /// cancelled while waiting.
    func wait() async throws {
        let id: Int? = try state.withLock { value in
            switch value.state {
            case .ready: return nil
            case .closed(let error): throw error
            case .waiting:
                value.nextWaiter += 1
                return value.nextWaiter
            }
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resolution: Result<Void, any Error>? = state.withLock { value in
                    switch value.state {
                    case .ready: return .success(())
                    case .closed(let error): return .failure(error)
                    case .waiting(var waiters):
                        if Task.isCancelled { return .failure(CancellationError()) }
                        waiters[id] = continuation
                        value.state = .waiting(waiters)
                        return nil
                    }
                }
                if let resolution { continuation.resume(with: resolution) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, any Error>? = state.withLock { value in
                guard case .waiting(var waiters) = value.state, let continuation = waiters.removeValue(forKey: id) else { return nil }
                value.state = .waiting(waiters)
                return continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Lets every waiting and future caller through.
    func open() {
        resolve(.ready, with: .success(()))
    }

    /// Fails every waiting and future caller with `error`.
    func close(_ error: StoreError) {
        resolve(.closed(error), with: .failure(error))
    }

    private func resolve(_ newState: State, with result: Result<Void, any Error>) {
        let waiters: [CheckedContinuation<Void, any Error>] = state.withLock { value in
            let waiters: [CheckedContinuation<Void, any Error>]
            if case .waiting(let pending) = value.state { waiters = Array(pending.values) } else { waiters = [] }
            value.state = newState
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }
}
