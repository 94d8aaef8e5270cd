public import SOAP
public import SecureConversation
import XMLCore

/// The sample secured service (the secure-conversation scenario's target service): `Echo(text)` is
/// answered with
/// `EchoResponse("Hello, <identity>. You said: <text>")`, where the identity is the one that
/// established the security context; a context amended with further claims (WS-SC 1.3 §7) is
/// greeted `Hello, <identity> (also <claim>; <claim>). You said: <text>`. For the demo and tests; a real service brings its own
/// ``SecureConversation/SecureConversationHandler``.
///
/// A Body that is not an `Echo` element is refused (the service answers it with a `Receiver`
/// fault that names no cause); the text is limited to ``maxTextLength`` characters.
public enum EchoService {
    public static let namespace = "urn:tessera:sample:echo"
    /// The request's WS-Addressing Action.
    public static let action = "urn:tessera:sample:echo/Echo"
    /// The response's WS-Addressing Action.
    public static let responseAction = "urn:tessera:sample:echo/EchoResponse"
    /// The longest text echoed.
    public static let maxTextLength = 65_536

    /// The request the handler does not understand.
    public struct NotAnEchoRequest: Error {}

    /// Answers an `Echo` with a greeting to the authenticated identity.
    public static let handler: SecureConversationHandler = { request in
        guard let payload = request.payload, payload.is("Echo", namespace) else { throw NotAnEchoRequest() }
        let text = payload.trimmedText
        guard text.count <= maxTextLength else { throw NotAnEchoRequest() }
        return SecureConversationReply(version: request.envelope.version, action: responseAction) { body in
            body.addChild("EchoResponse", namespace, prefix: "echo").setText(greeting(identity: request.identity, claims: request.claims, text: text))
        }
    }

    /// The text an `EchoResponse` carries for `identity` (with the context's amended `claims`)
    /// and `text`.
    public static func greeting(identity: String, claims: [String] = [], text: String) -> String {
        let also = claims.isEmpty ? "" : " (also \(claims.joined(separator: "; ")))"
        return "Hello, \(identity)\(also). You said: \(text)"
    }

    /// A request envelope whose Body holds `Echo(text)`.
    public static func request(_ text: String, version: SOAPVersion = .v12) -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: version)
        envelope.body.addChild("Echo", namespace, prefix: "echo").setText(text)
        return envelope
    }

    /// The text of the `EchoResponse` in `response`'s Body; nil when it holds none.
    public static func reply(in response: SOAPEnvelope) -> String? {
        guard let payload = response.bodyPayload, payload.is("EchoResponse", namespace) else { return nil }
        return payload.trimmedText
    }
}
