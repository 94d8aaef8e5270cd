public import SOAP

/// What the HTTP layer knows about a request that the envelope does not say.
public struct EndpointRequest: Sendable {
    /// The endpoint the request was POSTed to (its authentication mode and WS-Trust version).
    public let endpoint: STSEndpoint
    /// The request's action: its WS-Addressing Action, else the SOAP 1.1 `SOAPAction` header or
    /// the SOAP 1.2 `action` media-type parameter (ADFS clients send the action only there).
    public let action: String?
    /// How it arrived: over TLS (a PasswordText UsernameToken is acceptable only then), and
    /// from which client.
    public let transport: RequestTransport
    /// The request's WS-Addressing headers as the binding read them from the envelope (nil when
    /// it carries none).
    public let addressing: AddressingHeaders?

    public init(endpoint: STSEndpoint, action: String?, transport: RequestTransport, addressing: AddressingHeaders? = nil) {
        self.endpoint = endpoint
        self.action = action
        self.transport = transport
        self.addressing = addressing
    }
}

/// The token service as the HTTP endpoint sees it: a parsed request envelope in, a response
/// envelope (a fault for every refusal) out. ``STS/SecurityTokenService`` is one; tests can
/// substitute their own.
public protocol TokenServiceEndpoint: Sendable {
    /// Answers one request. Never throws: failures are answered with SOAP faults whose reasons
    /// are safe to send.
    func respond(to request: SOAPEnvelope, context: EndpointRequest) async -> SOAPEnvelope
}
