public import Hummingbird
public import Logging
public import ServiceLifecycle

/// Runs `body` with ``buildSecureConversationApplication(endpoint:host:port:environment:)``
/// listening on `host:port` (0: a free port), passing it the endpoint's URL, then shuts the
/// server down gracefully (requests in progress finish) whether `body` returns or throws.
///
/// - Throws: what `body` throws, or ``SecureConversationServerError`` when the server stopped
///   before it listened (the port is taken, the address cannot be bound).
public func withSecureConversationServer<Result: Sendable>(
    _ endpoint: SecureConversationEndpoint, host: String = "127.0.0.1", port: Int = 0, logger: Logger,
    _ body: (_ url: String) async throws -> Result
) async throws -> Result {
    try await withRunningServer(
        logger: logger,
        { environment in
            buildSecureConversationApplication(endpoint: endpoint, host: host, port: port, environment: environment)
        }, body)
}

/// Runs the application `build` makes, waits until it calls its environment's `onListening`,
/// runs `body` with the URL it announced, then shuts the server down gracefully (requests in
/// progress finish) whether `body` returns or throws.
///
/// - Throws: what `body` throws, or ``SecureConversationServerError`` when the server stopped
///   before it listened.
public func withRunningServer<Application: ApplicationProtocol, Result: Sendable>(
    logger: Logger, _ build: (ServerEnvironment) -> Application, _ body: (_ url: String) async throws -> Result
) async throws -> Result {
    let (listening, continuation) = AsyncStream.makeStream(of: String.self)
    let application = build(ServerEnvironment(logger: logger, onListening: { url, _ in continuation.yield(url) }))
    return try await withServices(
        [application], announcing: (listening, continuation), logger: logger, stoppedFirst: SecureConversationServerError(), body)
}

/// Runs `services` in one group (started in order) until `body` returns, passing `body` the first
/// value announced on `announcements` (where a service listens), then shuts the group down
/// gracefully (requests in progress finish) whether `body` returns or throws.
///
/// - Throws: what the services or `body` throw, or `stoppedFirst` when the group stopped before
///   anything was announced (an address that cannot be bound).
public func withServices<Announced: Sendable, Result: Sendable>(
    _ services: [any Service], announcing announcements: (stream: AsyncStream<Announced>, continuation: AsyncStream<Announced>.Continuation),
    logger: Logger, stoppedFirst: any Error, _ body: (Announced) async throws -> Result
) async throws -> Result {
    let group = ServiceGroup(configuration: .init(services: services, logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { announcements.continuation.finish() }
            try await group.run()
        }
        var iterator = announcements.stream.makeAsyncIterator()
        guard let announced = await iterator.next() else {
            try await tasks.waitForAll()
            throw stoppedFirst
        }
        let result: Result
        do {
            result = try await body(announced)
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

/// The secure-conversation server stopped before it listened.
public struct SecureConversationServerError: Error, CustomStringConvertible {
    public var description: String { "the server stopped before it listened" }
}
