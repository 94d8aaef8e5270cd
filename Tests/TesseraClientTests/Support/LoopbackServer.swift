import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import SOAP
import STS
import ServiceLifecycle

/// A test-only HTTP server on 127.0.0.1 with a port the system chooses, running for the
/// duration of one test body. Not the real server (`tessera serve`): just enough HTTP to drive
/// the client over a real socket.
enum LoopbackServer {
    struct NotStarted: Error {}

    /// Runs `router` (over TLS when `tls` is given) while `body` runs with the server's port.
    static func run<T>(_ router: Router<BasicRequestContext>, tls: TLSConfiguration? = nil, _ body: (_ port: Int) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "tessera-client-tests")
        logger.logLevel = .critical
        var server = HTTPServerBuilder.http1()
        if let tls { server = try .tls(.http1(), tlsConfiguration: tls) }
        let app = Application(
            router: router, server: server, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { continuation.finish() }
                try await services.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                await services.triggerGracefulShutdown()
                throw NotStarted()
            }
            do {
                let value = try await body(port)
                await services.triggerGracefulShutdown()
                return value
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }

    /// A router whose `POST /sts` hands the body to `service` and answers with its envelope
    /// (HTTP 500 for a fault), after `alter` (a man in the middle, for tamper tests).
    static func stsRouter(_ service: SecurityTokenService, alter: @escaping @Sendable ([UInt8]) -> [UInt8] = { $0 }) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/sts") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let envelope = try? SOAPEnvelope(parsing: Array(body.readableBytesView)) else {
                return Response(status: .badRequest)
            }
            let answer = await service.handle(envelope)
            let isFault = answer.bodyPayload?.is("Fault", answer.version.namespace) ?? false
            return Response(
                status: isFault ? .internalServerError : .ok,
                headers: [.contentType: answer.version.contentType()],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: alter(answer.serialize()))))
        }
        return router
    }

    /// A router whose `POST /sts` answers with what `transport` computes from the request.
    static func router(answering transport: InProcessTransport) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/sts") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let version = request.headers[.contentType].flatMap(SOAPVersion.init(contentType:)) ?? .v12
            let answer = try await transport.answer(Array(body.readableBytesView), version, nil)
            return Response(status: .ok, headers: [.contentType: version.contentType()], body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer)))
        }
        return router
    }

    /// Runs `body` with the STS URL of a loopback server answering with `service`.
    static func withSTS<T>(
        _ service: SecurityTokenService, alter: @escaping @Sendable ([UInt8]) -> [UInt8] = { $0 },
        _ body: (_ url: String) async throws -> T
    ) async throws -> T {
        try await run(stsRouter(service, alter: alter)) { port in try await body("http://127.0.0.1:\(port)/sts") }
    }
}
