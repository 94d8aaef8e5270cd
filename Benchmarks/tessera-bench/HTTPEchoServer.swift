import Foundation
import Hummingbird
import Logging
import NIOCore

/// `tessera-bench http-echo [--host H] [--port P]`: the HTTP server of `tessera serve` with
/// nothing behind it, for scripts/load-bench to measure what receiving a request and sending an
/// answer cost on their own. The same stack (a Hummingbird HTTP/1.1 server on the shared
/// event-loop group, the body read whole up to a limit), but every POST, whatever its path, is
/// answered with the bytes it carried and its Content-Type: no XML is parsed, nothing is signed
/// or stored. Prints `http-echo listening on http://H:PORT` once it listens; stops on SIGTERM
/// or SIGINT.
enum HTTPEchoServer {
    /// serve's default request limit (`endpoint.maxRequestBytes`, docs/configuration.md).
    static let maxRequestBytes = 262_144

    static func run(_ arguments: ArraySlice<String>) async throws {
        var options = GatewayPools.Options(arguments)
        let host = (try? options.required("--host")) ?? "127.0.0.1"
        let port = try options.count("--port", default: 0, allowZero: true)
        try options.finish()

        var logger = Logger(label: "tessera.http-echo")
        logger.logLevel = .warning
        let router = Router()
        router.post("**") { request, _ -> Response in
            let body = try await request.body.collect(upTo: maxRequestBytes)
            var headers = HTTPFields()
            if let contentType = request.headers[.contentType] { headers[.contentType] = contentType }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        }
        let application = lineAnnouncingApplication(router: router, name: "http-echo", host: host, port: port, logger: logger)
        try await application.runService()
    }
}
