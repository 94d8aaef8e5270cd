import Logging
import ServiceLifecycle

/// Runs the services `build` makes (in one group, started in order) until `body` returns, passing `body` the port the service
/// announced through the continuation `build` was given, then shuts it down gracefully
/// (requests in progress finish) whether `body` returns or throws.
///
/// - Throws: what `build` or `body` throws, or ``TokenExchangeDemoError`` when the service
///   stopped before it announced a port (the address cannot be bound).
func withListeningService<Result: Sendable>(
    logger: Logger, _ build: (_ listening: AsyncStream<Int>.Continuation) throws -> [any Service], _ body: (_ port: Int) async throws -> Result
) async throws -> Result {
    let (ports, listening) = AsyncStream.makeStream(of: Int.self)
    let group = ServiceGroup(configuration: .init(services: try build(listening), logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { listening.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await tasks.waitForAll()
            throw TokenExchangeDemoError("a server stopped before it listened")
        }
        let result: Result
        do {
            result = try await body(port)
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}
