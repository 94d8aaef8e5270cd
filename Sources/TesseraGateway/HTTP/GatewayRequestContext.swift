import Hummingbird
import NIOCore

/// The request context of the gateway's routes: Hummingbird's core context and the address of
/// the connection's peer, which decides whether a consumer may assert an identity.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer of the connection the request came on.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
