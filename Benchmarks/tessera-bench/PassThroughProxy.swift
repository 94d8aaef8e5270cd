import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore

/// `tessera-bench pass-through --upstream URL [--host H] [--port P]`: the HTTP half of
/// `tessera gateway` with nothing else, for scripts/gateway-bench to measure what forwarding
/// itself costs. The same stack as the gateway (a Hummingbird HTTP/1.1 server, one pooled
/// async-http-client `HTTPClient` on the shared event-loop group, redirects off, the body read
/// whole up to a limit before it is sent on), but every POST, whatever its path, is sent to
/// `upstream` with its Content-Type and SOAPAction, and the answer is relayed with its status and
/// Content-Type, bytes unchanged: no XML is parsed, nothing is signed. Prints
/// `pass-through listening on http://H:PORT` once it listens; stops on SIGTERM or SIGINT.
enum PassThroughProxy {
    /// The gateway's default request and response limits (docs/gateway.md).
    static let maxRequestBytes = 262_144
    static let maxResponseBytes = 4_194_304
    /// The request headers sent on (lower case): the SOAP version and action (SOAP 1.1 §6.1.1,
    /// SOAP 1.2 Part 2 §7.1.4).
    static let forwardedHeaders: Set<String> = ["content-type", "soapaction"]

    static func run(_ arguments: ArraySlice<String>) async throws {
        var options = GatewayPools.Options(arguments)
        let upstream = try options.required("--upstream")
        let host = (try? options.required("--host")) ?? "127.0.0.1"
        let port = try options.count("--port", default: 0, allowZero: true)
        try options.finish()

        let client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)), decompression: .disabled))
        var logger = Logger(label: "tessera.pass-through")
        logger.logLevel = .warning
        let router = Router()
        router.post("**") { request, _ -> Response in
            let body = try await request.body.collect(upTo: maxRequestBytes)
            var forwarded = HTTPClientRequest(url: upstream)
            forwarded.method = .POST
            for field in request.headers where forwardedHeaders.contains(field.name.canonicalName) {
                forwarded.headers.add(name: field.name.rawName, value: field.value)
            }
            forwarded.body = .bytes(body)
            let answer = try await client.execute(forwarded, timeout: .seconds(30))
            let answerBody = try await answer.body.collect(upTo: maxResponseBytes)
            var headers = HTTPFields()
            if let contentType = answer.headers.first(name: "Content-Type") { headers[.contentType] = contentType }
            return Response(status: .init(code: Int(answer.status.code)), headers: headers, body: .init(byteBuffer: answerBody))
        }
        let application = lineAnnouncingApplication(router: router, name: "pass-through", host: host, port: port, logger: logger)
        do {
            try await application.runService()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
