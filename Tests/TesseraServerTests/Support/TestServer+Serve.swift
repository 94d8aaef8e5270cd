import Foundation
import Logging
import ServiceLifecycle
import TesseraServer

extension TestServer {
    /// Runs `body` against the whole composition `tessera serve` runs (``ServeServices``: the
    /// durable store, its purger and the application), in process, with its SQLite store and
    /// master key in `directory` (or the store at `store`, a `--store` location); then shuts it
    /// down gracefully.
    static func serving<Result>(
        _ configuration: ServerConfiguration = TestPKI.configuration(),
        in directory: URL, store: String? = nil,
        _ body: (TestServer, ServeServices) async throws -> Result
    ) async throws -> Result {
        let logs = LogCapture()
        let logger = Logger(label: "tessera.test") { _ in logs.handler() }
        let (listening, continuation) = AsyncStream.makeStream(of: (String, Int).self)
        let options = ServeOptions(
            store: store ?? "sqlite:" + directory.appendingPathComponent("store.sqlite").path,
            masterKeyFile: directory.appendingPathComponent("master.key").path,
            logger: logger
        ) { baseURL, port in continuation.yield((baseURL, port)) }
        let serve = try ServeServices(configuration: configuration, options: options)
        let group = ServiceGroup(configuration: .init(services: serve.services, logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = listening.makeAsyncIterator()
            guard let (baseURL, port) = await iterator.next() else { throw TestServerError.didNotStart }
            let server = TestServer(baseURL: baseURL, port: port, usesTLS: configuration.tls != nil, metrics: serve.metrics, logs: logs)
            let result: Result
            do {
                result = try await body(server, serve)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }
}
