import SOAP

/// A ``SOAPTransport`` that hands each request to a ``SecureConversationService`` in the same
/// process: for tests, benchmarks and demos that need no network. The bytes are parsed and
/// serialized exactly as over a real transport.
public struct InProcessSOAPTransport: SOAPTransport {
    public let service: SecureConversationService

    public init(service: SecureConversationService) {
        self.service = service
    }

    public func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        await service.handle(bytes: request, version: version, action: action)
    }
}

extension SecureConversationService {
    /// Handles a serialized request; bytes that are not an acceptable SOAP envelope are answered
    /// with a `Sender` fault in `version`.
    public func handle(bytes: [UInt8], version: SOAPVersion, action: String?) async -> [UInt8] {
        let request: SOAPEnvelope
        do {
            request = try SOAPEnvelope(parsing: bytes)
        } catch {
            return SOAPFault(code: .sender, reason: "The message is not an acceptable SOAP envelope").envelope(version).serialize()
        }
        return await handle(request, action: action).serialize()
    }
}
