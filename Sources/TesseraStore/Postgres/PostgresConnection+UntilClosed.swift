import Logging
import PostgresNIO
import Synchronization

extension PostgresConnection {
    /// Runs `query`, or throws ``StoreError`` (`.unavailable`) once the connection has closed,
    /// whichever comes first.
    ///
    /// postgres-nio never answers a statement sent on a connection that has already closed, and
    /// a pool closes the connections it leased out when its `run()` is cancelled: a transaction
    /// still under way then would wait forever for its next statement or its `ROLLBACK`. The
    /// unanswered call is left suspended (a few objects, no connection). Each call leaves a
    /// callback on the connection until it closes: meant for the few statements of the schema
    /// transaction, not for every request.
    @discardableResult
    func queryUntilClosed(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await withCheckedThrowingContinuation { continuation in
            let first = FirstResult(continuation)
            closeFuture.whenComplete { _ in first.resume(with: .failure(StoreError(.unavailable, "the PostgreSQL connection closed"))) }
            Task {
                do {
                    first.resume(with: .success(try await self.query(query, logger: logger)))
                } catch {
                    first.resume(with: .failure(error))
                }
            }
        }
    }
}

extension PostgresClient {
    /// `BEGIN`, `body`, then `COMMIT` (or `ROLLBACK` when `body` throws) on one leased connection,
    /// each statement sent with ``PostgresConnection/queryUntilClosed(_:logger:)`` so that the
    /// transaction ends when the pool closes the connection. Throws the first failure as it is.
    func withTransactionUntilClosed(logger: Logger, _ body: (PostgresConnection) async throws -> Void) async throws {
        try await withConnection { connection in
            try await connection.queryUntilClosed("BEGIN", logger: logger)
            do {
                try await body(connection)
            } catch {
                _ = try? await connection.queryUntilClosed("ROLLBACK", logger: logger)
                throw error
            }
            try await connection.queryUntilClosed("COMMIT", logger: logger)
        }
    }
}

/// Resumes a continuation with the first result given; later results are ignored.
private final class FirstResult<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, any Error>?>

    init(_ continuation: CheckedContinuation<Value, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func resume(with result: Result<Value, any Error>) {
        continuation.withLock { $0.take() }?.resume(with: result)
    }
}
