import NIOCore
import NIOPosix
import TesseraLoadKit

/// One HTTP/1.1 keep-alive connection carrying one request at a time, without an HTTP client
/// library: the request is written in one buffer (``HTTPRequestFraming``) and the answer read
/// with ``HTTPResponseReader``. The load generator shares the server's cores, so every
/// microsecond it spends per request is taken from the server being measured.
struct RawConnection: Sendable {
    let channel: any Channel

    /// Opens a connection to `host`:`port` on `group`.
    static func connect(host: String, port: Int, group: any EventLoopGroup) async throws -> RawConnection {
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ExchangeHandler()) }
            }
            .connect(host: host, port: port).get()
        return RawConnection(channel: channel)
    }

    /// Sends `request` (a whole HTTP request) and waits for the answer; the connection is
    /// closed (and the call throws) when no answer is complete within `timeout`.
    func exchange(_ request: [UInt8], timeout: TimeAmount) async throws -> HTTPResponseReader.Response {
        let promise = channel.eventLoop.makePromise(of: HTTPResponseReader.Response.self)
        let channel = channel
        let deadline = channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        // A write refused before it reaches the handler (the connection closed meanwhile) fails
        // the answer too; completing it twice is harmless.
        channel.writeAndFlush(Exchange(request: channel.allocator.buffer(bytes: request), answer: promise))
            .whenFailure { promise.fail($0) }
        defer { deadline.cancel() }
        return try await promise.futureResult.get()
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// A request and where its answer goes.
struct Exchange: Sendable {
    let request: ByteBuffer
    let answer: EventLoopPromise<HTTPResponseReader.Response>
}

/// Writes each ``Exchange``'s request and completes its promise with the next response read;
/// fails it when the connection closes or the bytes are not an acceptable response.
final class ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Exchange
    typealias OutboundOut = ByteBuffer

    struct ConnectionClosed: Error {}

    private var reader = HTTPResponseReader()
    private var waiting: EventLoopPromise<HTTPResponseReader.Response>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard waiting == nil else {
            exchange.answer.fail(ChannelError.inappropriateOperationForState)
            promise?.fail(ChannelError.inappropriateOperationForState)
            return
        }
        waiting = exchange.answer
        context.write(wrapOutboundOut(exchange.request), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        reader.append(bytes.readableBytesView)
        do {
            if let response = try reader.next() {
                let answer = waiting
                waiting = nil
                answer?.succeed(response)
            }
        } catch {
            fail(error)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(ConnectionClosed())
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        let answer = waiting
        waiting = nil
        answer?.fail(error)
    }
}
