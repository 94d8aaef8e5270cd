import SOAP
import XMLCore
import XMLSecurity

/// Processes the `wsse:Security` header of an inbound message element by element, in order
/// (WSS 1.1 §5), then checks the policy on what was actually signed, encrypted and
/// authenticated. Every failure is a ``WSSecurityError`` carrying its SOAP fault code.
public struct WSSecurityEngine: Sendable {
    public var configuration: InboundSecurityConfiguration
    public var policy: SecurityPolicy

    public init(configuration: InboundSecurityConfiguration, policy: SecurityPolicy = SecurityPolicy()) {
        self.configuration = configuration
        self.policy = policy
    }

    /// One processor per security-header element, built once (WSS 1.0/1.1 names).
    private static let processors: [QName: any HeaderElementProcessor] = [
        QName(WSSNamespace.utility, "Timestamp"): TimestampProcessor(),
        QName(WSSNamespace.secext, "UsernameToken"): UsernameTokenProcessor(),
        QName(WSSNamespace.secext, "BinarySecurityToken"): BinarySecurityTokenProcessor(),
        QName(XMLSecurityNamespace.ds, "Signature"): SignatureProcessor(),
        QName(XMLSecurityNamespace.xenc, "EncryptedKey"): EncryptedKeyProcessor(),
        QName(XMLSecurityNamespace.xenc, "ReferenceList"): ReferenceListProcessor(),
        QName(WSSNamespace.secext11, "SignatureConfirmation"): SignatureConfirmationProcessor(),
    ]

    /// Processes the Security header for the ultimate receiver and checks the policy.
    /// The envelope is modified in place: encrypted parts are replaced by their plaintext.
    public func process(_ envelope: SOAPEnvelope) async throws -> SecurityHeaderResult {
        do {
            guard let security = try envelope.securityHeader() else {
                let empty = SecurityHeaderResult()
                try policy.check(empty, envelope: envelope)
                return empty
            }
            let context = ProcessingContext(configuration: configuration, document: envelope.document, security: security)
            var next = security.children.first
            while let element = next {
                if let processor = Self.processors[element.name] {
                    try await processor.process(element, in: context)
                }
                next = element.nextSibling
            }
            try policy.check(context.result, envelope: envelope)
            return context.result
        } catch {
            throw WSSecurityError(error)
        }
    }
}
