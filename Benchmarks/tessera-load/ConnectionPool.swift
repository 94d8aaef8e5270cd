import NIOCore
import Synchronization

/// At most `limit` ``RawConnection``s to one server, each lent to one request at a time: a
/// request takes an idle connection, opens one while fewer than `limit` are open, or waits for
/// one to be returned. A connection that failed is closed and its place freed.
final class ConnectionPool: Sendable {
    private struct State {
        var idle: [RawConnection] = []
        var open = 0
        /// Requests waiting; resumed with a connection, or with nil when they may open one.
        var waiters: [CheckedContinuation<RawConnection?, Never>] = []
    }

    let host: String
    let port: Int
    let limit: Int
    let group: any EventLoopGroup
    private let state = Mutex(State())

    init(host: String, port: Int, limit: Int, group: any EventLoopGroup) {
        (self.host, self.port, self.limit, self.group) = (host, port, limit, group)
    }

    /// Runs `body` with a connection; the connection goes back to the pool unless `body` threw.
    func withConnection<T: Sendable>(_ body: (RawConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            discard(connection)
            throw error
        }
    }

    private func acquire() async throws -> RawConnection {
        enum Next { case use(RawConnection), open, wait }
        let next: Next = state.withLock { state in
            if let connection = state.idle.popLast() { return .use(connection) }
            if state.open < limit { state.open += 1; return .open }
            return .wait
        }
        switch next {
        case .use(let connection): return connection
        case .open: return try await open()
        case .wait:
            let lent = await withCheckedContinuation { continuation in
                let immediate: RawConnection?? = state.withLock { state in
                    // Re-checked under the lock: a connection may have come back meanwhile.
                    if let connection = state.idle.popLast() { return .some(connection) }
                    if state.open < limit { state.open += 1; return .some(nil) }
                    state.waiters.append(continuation)
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
            if let lent { return lent }
            return try await open()
        }
    }

    /// Opens a connection for a place already counted in `open`; frees the place on failure.
    private func open() async throws -> RawConnection {
        do {
            return try await RawConnection.connect(host: host, port: port, group: group)
        } catch {
            freePlace()
            throw error
        }
    }

    private func release(_ connection: RawConnection) {
        let waiter: CheckedContinuation<RawConnection?, Never>? = state.withLock { state in
            if state.waiters.isEmpty { state.idle.append(connection); return nil }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: connection)
    }

    private func discard(_ connection: RawConnection) {
        connection.close()
        freePlace()
    }

    /// One connection fewer: a waiter may open one in its place.
    private func freePlace() {
        let waiter: CheckedContinuation<RawConnection?, Never>? = state.withLock { state in
            if state.waiters.isEmpty { state.open -= 1; return nil }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: nil)
    }

    /// Closes every idle connection (at the end of a run).
    func closeAll() {
        let idle = state.withLock { state in
            defer { state.idle.removeAll() }
            return state.idle
        }
        idle.forEach { $0.close() }
    }
}
