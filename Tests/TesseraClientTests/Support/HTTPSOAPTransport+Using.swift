import TesseraClient

extension HTTPSOAPTransport {
    /// Runs `body` with a transport posting to `url`, shut down afterwards whatever happens.
    static func using<T>(_ url: String, configuration: Configuration = Configuration(), _ body: (HTTPSOAPTransport) async throws -> T) async throws -> T {
        let transport = try HTTPSOAPTransport(url: url, configuration: configuration)
        do {
            let value = try await body(transport)
            try await transport.shutdown()
            return value
        } catch {
            try await transport.shutdown()
            throw error
        }
    }
}
