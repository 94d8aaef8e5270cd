import Foundation
import Logging
import TesseraServer

extension TestServer {
    /// Runs `body` against the whole composition `tessera serve` runs (``ServeServices``: the
    /// durable store, its purger and the application), in process, with its SQLite store and
    /// master key in `directory` (or the store at `store`, a `--store` location), on a loopback listener; then shuts it
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
            logger: logger,
            // The audit log goes to the same capture, under its own label.
            auditLogger: Logger(label: "tessera.audit") { _ in logs.handler() }
        ) { baseURL, port in continuation.yield((baseURL, port)) }
        let serve = try ServeServices(configuration: configuration, options: options)
        return try await withLoopbackListener(serve.services, logger: logger, listening: listening) { baseURL, port in
            try await body(TestServer(baseURL: baseURL, port: port, usesTLS: configuration.tls != nil, metrics: serve.metrics, logs: logs), serve)
        }
    }
}
