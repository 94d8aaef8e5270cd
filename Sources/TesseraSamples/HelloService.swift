import SAML
public import SOAP
public import WSSecurity
import XMLCore

/// The sample provider of the token-transformation scenario: a `Hello` request whose security
/// header carries a SAML assertion ``SAMLTokenPolicy`` accepts is answered with
/// `HelloResponse("Hello, <subject>")`, the subject being the assertion's NameID. For the
/// demo and tests; a real service brings its own handler and calls the policy the same way.
///
/// A refused security header is answered with its WS-Security fault (the policy's safe
/// reason); a Body that is not a `Hello` element is a `Sender` fault.
public struct HelloService: Sendable {
    public static let namespace = "urn:hello"

    /// Who may call the service.
    public let policy: SAMLTokenPolicy

    public init(policy: SAMLTokenPolicy) {
        self.policy = policy
    }

    /// The answer to `request`, which came over TLS when `transportIsSecure`: a `HelloResponse`
    /// or a fault, in the request's SOAP version.
    public func respond(to request: SOAPEnvelope, transportIsSecure: Bool) async -> SOAPEnvelope {
        let subject: SAMLAuthenticatedSubject
        do {
            subject = try await policy.authenticate(request, transportIsSecure: transportIsSecure)
        } catch {
            return error.fault.envelope(request.version)
        }
        guard let payload = request.bodyPayload, payload.is("Hello", Self.namespace) else {
            return SOAPFault(code: .sender, reason: "The Body is not a Hello request").envelope(request.version)
        }
        let reply = SOAPEnvelope(version: request.version)
        reply.body.addChild("HelloResponse", Self.namespace, prefix: "hello").setText(Self.greeting(subject: subject.name))
        return reply
    }

    /// The text a `HelloResponse` carries for `subject`.
    public static func greeting(subject: String) -> String {
        "Hello, \(subject)"
    }
}
