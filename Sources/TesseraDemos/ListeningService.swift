import Logging
import ServiceLifecycle
import TesseraServer

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
    return try await withServices(
        try build(listening), announcing: (ports, listening), logger: logger,
        stoppedFirst: TokenExchangeDemoError("a server stopped before it listened"), body)
}
