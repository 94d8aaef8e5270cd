public import SOAP

/// A ``SOAPTransport`` that hands each request to a ``SecureConversationService`` in the same
/// process: for tests, benchmarks and demos that need no network. The bytes are parsed and
/// serialized exactly as over a real transport.
public struct InProcessSOAPTransport: SOAPTransport {
    public let service: SecureConversationService
    /// What the service is told of the transport: a test stands in for TLS by saying `.tls`.
    public let security: TransportSecurity

    public init(service: SecureConversationService, security: TransportSecurity = .unprotected) {
        self.service = service
        self.security = security
    }

    public func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        await service.handle(bytes: request, version: version, action: action, transport: security)
    }
}

extension SecureConversationService {
    /// Handles a serialized request; bytes that are not an acceptable SOAP envelope are answered
    /// with a `Sender` fault in `version`. `transport` is as for ``handle(_:action:transport:)``.
    public func handle(bytes: [UInt8], version: SOAPVersion, action: String?, transport: TransportSecurity = .unprotected) async -> [UInt8] {
        let request: SOAPEnvelope
        do {
            request = try SOAPEnvelope(parsing: bytes)
        } catch {
            return SOAPFault(code: .sender, reason: "The message is not an acceptable SOAP envelope").envelope(version).serialize()
        }
        return await handle(request, action: action, transport: transport).serialize()
    }
}
