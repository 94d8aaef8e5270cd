import SecurityCore
public import SOAP
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

    /// One processor per security-header element, built once (WSS 1.0/1.1 names). Other tokens
    /// go to the configuration's ``InboundSecurityConfiguration/tokenProcessors``.
    private static let processors: [QName: any HeaderElementProcessor] = [
        QName(WSSNamespace.utility, "Timestamp"): TimestampProcessor(),
        QName(WSSNamespace.secext, "UsernameToken"): UsernameTokenProcessor(),
        QName(WSSNamespace.secext, "BinarySecurityToken"): BinarySecurityTokenProcessor(),
        QName(XMLSecurityNamespace.ds, "Signature"): SignatureProcessor(),
        QName(XMLSecurityNamespace.xenc, "EncryptedKey"): EncryptedKeyProcessor(),
        QName(XMLSecurityNamespace.xenc, "ReferenceList"): ReferenceListProcessor(),
        QName(WSSNamespace.secext11, "SignatureConfirmation"): SignatureConfirmationProcessor(),
        QName(HeaderSAMLAssertion.saml20Namespace, "Assertion"): SAMLAssertionProcessor(),
        QName(HeaderSAMLAssertion.saml11Namespace, "Assertion"): SAMLAssertionProcessor(),
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
            let context = ProcessingContext(configuration: configuration, document: envelope.document)
            do {
                try await process(security, in: context, envelope: envelope)
            } catch {
                try await context.recordSignatureEntriesOfRefusedMessage()
                throw error
            }
            try await context.recordReplayEntries()
            return context.takeResult()
        } catch let busy as ServiceBusy {
            throw busy
        } catch {
            throw WSSecurityError(error)
        }
    }

    /// Runs each header element's processor in order, then checks the policy.
    private func process(_ security: XMLElement, in context: ProcessingContext, envelope: SOAPEnvelope) async throws {
        // Refuse an over-full header before any public-key operation is spent on it...
        var precount = ExpensiveElementCount(configuration)
        for element in security.children { try precount.add(element) }
        // ...and count again while processing, since decryption can put elements in place.
        var count = ExpensiveElementCount(configuration)
        var next = security.children.first
        while let element = next {
            try count.add(element)
            let name = element.name
            if let processor = Self.processors[name] {
                try await processor.process(element, in: context)
            } else {
                _ = try await context.processedToken(element)
            }
            next = element.nextSibling
        }
        context.result.authenticatedCertificate = try policy.check(context.result, envelope: envelope)
    }
}

/// Counts the header elements that cost a public-key operation or a password check and
/// refuses too many of one kind.
private struct ExpensiveElementCount {
    private var kinds: [(localName: String, namespace: String, limit: Int, count: Int)]

    init(_ configuration: InboundSecurityConfiguration) {
        kinds = [
            ("Signature", XMLSecurityNamespace.ds, configuration.maxSignatures, 0),
            ("EncryptedKey", XMLSecurityNamespace.xenc, configuration.maxEncryptedKeys, 0),
            ("UsernameToken", WSSNamespace.secext, configuration.maxUsernameTokens, 0),
        ]
    }

    mutating func add(_ element: XMLElement) throws {
        guard let kind = kinds.firstIndex(where: { element.is($0.localName, $0.namespace) }) else { return }
        kinds[kind].count += 1
        guard kinds[kind].count <= kinds[kind].limit else {
            throw WSSecurityError(.invalidSecurity, "the security header carries more than \(kinds[kind].limit) \(kinds[kind].localName) elements")
        }
    }
}
