public import Hummingbird
public import NIOCore

/// The request context of Tessera's servers: Hummingbird's core context and the connection's
/// peer address, which ``TransportDecision`` needs.
public struct TesseraRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
