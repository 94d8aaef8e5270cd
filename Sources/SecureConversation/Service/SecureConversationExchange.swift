public import SOAP
public import WSSecurity
public import XMLCore

/// An application request as the handler sees it: verified and decrypted, with the identity
/// that established the context it was secured with (step 4 of the secure-conversation flow in
/// docs/scenarios.md).
public struct SecureConversationRequest {
    /// The request, its Body in plaintext. Only what the context signed may be relied on: the
    /// Body, the Timestamp, the WS-Addressing headers.
    public let envelope: SOAPEnvelope
    /// The identity that established the context (an X.509 subject, or a username).
    public let identity: String
    /// The identities Amend added to the context (WS-SC 1.3 §7), each proven by its own token
    /// (an X.509 subject); empty when the context was never amended.
    public let claims: [String]
    /// The context's Identifier.
    public let contextIdentifier: String
    public let addressing: AddressingHeaders?
    /// What the security header held and what it protected.
    public let security: SecurityHeaderResult

    /// The Body's first element.
    public var payload: XMLElement? { envelope.bodyPayload }
}

/// What the handler answers: a response whose Body the handler filled, and its Action. The
/// service adds the addressing headers and secures it with fresh derived keys (step 6).
public struct SecureConversationReply {
    public let envelope: SOAPEnvelope
    public let action: String
    /// A refusal, answered as the service answers its own: unsecured, in the request's version.
    let refusal: SOAPFault?

    /// A reply of `version` whose Body `fill` writes.
    public init(version: SOAPVersion, action: String, fill: (XMLElement) throws -> Void) rethrows {
        envelope = SOAPEnvelope(version: version)
        self.action = action
        refusal = nil
        try fill(envelope.body)
    }

    /// A reply whose envelope the handler built.
    public init(envelope: SOAPEnvelope, action: String) {
        self.envelope = envelope
        self.action = action
        refusal = nil
    }

    /// A refusal with `fault` (its reason must be safe to send), answered unsecured like the
    /// service's own refusals, so that a requestor reads it without the context.
    public static func refused(_ fault: SOAPFault) -> SecureConversationReply {
        SecureConversationReply(fault: fault)
    }

    private init(fault: SOAPFault) {
        envelope = fault.envelope(.v12)
        action = ""
        refusal = fault
    }
}

/// The application behind a secured service. A thrown error is answered with an unsecured
/// `Receiver` fault that says nothing about it.
public typealias SecureConversationHandler = @Sendable (SecureConversationRequest) async throws -> SecureConversationReply
