import Foundation
public import Hummingbird
import NIOCore

/// How one request reached the server, decided once, from its connection, by
/// ``TransportDecision``: every endpoint and the token service read it from here.
public struct RequestTransport: Sendable, Hashable {
    /// Whether the request arrived over TLS: on a TLS listener, or through a trusted
    /// TLS-terminating proxy that says so.
    public var overTLS: Bool
    /// The client's IP address (for audit and for rules on client networks); nil when unknown.
    public var clientAddress: String?

    public init(overTLS: Bool, clientAddress: String? = nil) {
        self.overTLS = overTLS
        self.clientAddress = clientAddress
    }
}

/// Decides, for each request, whether it came over TLS and from which client.
///
/// On a TLS listener every request did. Behind a TLS-terminating proxy the connection is plain
/// HTTP and only the proxy knows: a request whose connection comes from one of
/// ``trustedProxies`` may say `X-Forwarded-Proto: https` (and name the client in the last
/// entry of `X-Forwarded-For`, which that proxy appended); the same headers from any other
/// peer are ignored, since anyone can send them.
public struct TransportDecision: Sendable, Hashable {
    public var listenerIsTLS: Bool
    /// IP addresses of the proxies whose forwarding headers are believed.
    public var trustedProxies: Set<String>

    public init(listenerIsTLS: Bool, trustedProxies: Set<String> = []) {
        self.listenerIsTLS = listenerIsTLS
        self.trustedProxies = trustedProxies
    }

    /// A plain-HTTP listener without proxies.
    public static let plainHTTP = TransportDecision(listenerIsTLS: false)

    /// The transport of `request`, whose connection's peer is `peer`.
    public func transport(of request: Request, peer: SocketAddress?) -> RequestTransport {
        let peerAddress = peer?.ipAddress
        guard let peerAddress, trustedProxies.contains(peerAddress) else {
            return RequestTransport(overTLS: listenerIsTLS, clientAddress: peerAddress)
        }
        let forwardedProto = request.headers[.init("X-Forwarded-Proto")!]?.split(separator: ",").first
        let overTLS = listenerIsTLS || forwardedProto.map { $0.trimmingCharacters(in: .whitespaces).lowercased() == "https" } == true
        let forwardedFor = request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").last
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return RequestTransport(overTLS: overTLS, clientAddress: forwardedFor.flatMap { $0.isEmpty ? nil : $0 } ?? peerAddress)
    }

    /// The transport of `request`, reading the peer from `context` when it knows it
    /// (``TesseraRequestContext`` does).
    public func transport(of request: Request, context: some RequestContext) -> RequestTransport {
        transport(of: request, peer: (context as? any RemoteAddressRequestContext)?.remoteAddress)
    }
}
