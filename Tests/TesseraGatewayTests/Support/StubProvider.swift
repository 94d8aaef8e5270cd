import Foundation
import Hummingbird
import SAML
import SecurityCore
import SOAP
import Synchronization
import WSSecurity
import X509
import XMLCore

/// A provider of the scenario, in process: it accepts a forwarded message the way any Swift SOAP
/// service does, with ``SAML/SAMLTokenPolicy`` (an assertion of the test STS for HelloService,
/// vouched for by the gateway's signature over the assertion, the Body and the Timestamp), and
/// checks what is particular to the gateway: the WS-Addressing headers are signed by the gateway
/// too and the assertion was not given a `wsu:Id`. It answers `Hello, <subject>`; a refusal is
/// answered with the policy's fault, a gateway-specific failure with `wsse:FailedCheck` naming
/// the problem (a test stub may say why). Tokens listed in ``refusedTokens`` get
/// `wsse:InvalidSecurityToken`. A UsernameToken identity assertion is accepted under the
/// gateway's signature over it, the Body, the Timestamp and the WS-Addressing headers (its
/// wsu:Id stands in for the assertion ID). Every forwarded message is kept in ``received``.
/// ``answerShape`` sends the answer in other ways a misbehaving provider might.
final class StubProvider: Sendable {
    /// How the answer goes on the wire.
    enum AnswerShape: Sendable {
        /// In one piece, with its Content-Length.
        case whole
        /// Chunked: its first half, then nothing for 40 s, then the rest.
        case stalledBody
        /// Chunked, with this many bytes of XML comment after the envelope (no Content-Length
        /// announces the size).
        case padded(Int)
    }

    struct Received: Sendable {
        let tokenID: String
        let subject: String?
        let bodyText: String
        /// The message as the gateway forwarded it.
        let message: [UInt8]
    }

    let refusedTokens = Mutex<Set<String>>([])
    let delay = Mutex<Duration>(.zero)
    let answerShape = Mutex<AnswerShape>(.whole)
    private let log = Mutex<[Received]>([])

    var received: [Received] { log.withLock { $0 } }

    static let gateway = Fixtures.certificate("gateway")
    static let sts = Fixtures.certificate("sts")

    /// The provider's application on a free loopback port, reporting the port to `listening`.
    func application(listening: AsyncStream<Int>.Continuation) -> some ApplicationProtocol {
        let router = Router()
        router.post("/hello") { request, _ in await self.answer(request) }
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { listening.yield($0.localAddress?.port ?? 0) })
    }

    private func answer(_ request: Request) async -> Response {
        let version = request.headers[.contentType].flatMap(SOAPVersion.init(contentType:)) ?? .v11
        let pause = delay.withLock { $0 }
        if pause > .zero { try? await Task.sleep(for: pause) }
        do {
            let body = try await request.body.collect(upTo: 1 << 20)
            let message = Array(body.readableBytesView)
            let envelope = try SOAPEnvelope(parsing: message)
            let (id, subject) = try await check(envelope)
            log.withLock { $0.append(Received(tokenID: id, subject: subject, bodyText: envelope.bodyPayload?.trimmedText ?? "", message: message)) }
            if refusedTokens.withLock({ $0.contains(id) }) {
                return respond(SOAPFault(WSSFaultCode.invalidSecurityToken).envelope(version), version: version, status: 500)
            }
            let reply = SOAPEnvelope(version: version)
            reply.body.addChild("HelloResponse", "urn:hello", prefix: "hello").setText("Hello, \(subject ?? "?")")
            return respond(reply, version: version, status: 200)
        } catch let error as WSSecurityError {
            return respond(error.fault.envelope(version), version: version, status: 500)
        } catch {
            return respond(SOAPFault(WSSFaultCode.failedCheck, reason: "stub provider: \(error)").envelope(version), version: version, status: 500)
        }
    }

    private struct CheckFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Who the stub trusts: the test STS for HelloService, sender-vouched by the gateway.
    private let policy: SAMLTokenPolicy = {
        var policy = SAMLTokenPolicy(issuers: [StubProvider.sts], audiences: [Fixtures.helloService], attestingEntities: [StubProvider.gateway])
        policy.confirmations = [.senderVouches]
        return policy
    }()

    private func check(_ envelope: SOAPEnvelope) async throws -> (String, String?) {
        if try envelope.securityHeader()?.firstChild("UsernameToken", WSSNamespace.secext) != nil {
            return try await checkUsernameToken(envelope)
        }
        let subject = try await policy.authenticate(envelope, transportIsSecure: false)
        guard case .senderVouches(let gateway) = subject.confirmation, gateway == Self.gateway else {
            throw CheckFailed(description: "the assertion is not vouched for by the gateway")
        }
        guard
            let signature = subject.security.senderVouchingSignature(
                for: try HeaderSAMLAssertion(element: subject.assertion.element), body: envelope.body, by: gateway),
            envelope.headerBlocks.filter({ $0.namespaceURI == WSAddressingVersion.v10.namespace }).allSatisfy(signature.verified.covers)
        else {
            throw CheckFailed(description: "the gateway's signature does not cover the WS-Addressing headers")
        }
        guard subject.assertion.element.attribute("Id", WSSNamespace.utility) == nil else { throw CheckFailed(description: "the assertion was given a wsu:Id") }
        return (subject.assertion.facts.id, subject.name)
    }

    /// A UsernameToken identity assertion: the message runs through the WS-Security engine
    /// trusting only the gateway's certificate, which must have signed the Body, the Timestamp,
    /// the WS-Addressing headers and the one UsernameToken (by its wsu:Id, as issued); the token
    /// has no password. Answers with the token's wsu:Id and username.
    private func checkUsernameToken(_ envelope: SOAPEnvelope) async throws -> (String, String?) {
        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [], pinned: [Self.gateway]))
        inbound.replayCache = replayCache
        var policy = SecurityPolicy()
        policy.signedParts = [.body, .timestamp, .addressingHeaders]
        let security = try await WSSecurityEngine(configuration: inbound, policy: policy).process(envelope)
        guard security.authenticatedCertificate == Self.gateway, security.usernameTokens.count == 1, let token = security.usernameTokens.first,
            !token.passwordVerified, token.token.password == nil
        else {
            throw CheckFailed(description: "expected one UsernameToken without password, the message signed by the gateway")
        }
        guard !security.signatures(by: .x509(Self.gateway, chain: []), covering: token.element).isEmpty else {
            throw CheckFailed(description: "the gateway's signature does not cover the UsernameToken")
        }
        guard let id = token.element.attribute("Id", WSSNamespace.utility) else { throw CheckFailed(description: "the UsernameToken has no wsu:Id") }
        return (id, token.token.username)
    }

    private let replayCache = InMemoryReplayCache()

    private func respond(_ envelope: SOAPEnvelope, version: SOAPVersion, status: Int) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = version.contentType()
        let bytes = envelope.serialize()
        let body: ResponseBody =
            switch answerShape.withLock({ $0 }) {
            case .whole:
                ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
            case .stalledBody:
                ResponseBody { writer in
                    try await writer.write(ByteBuffer(bytes: bytes.prefix(bytes.count / 2)))
                    try await Task.sleep(for: .seconds(40))
                    try await writer.write(ByteBuffer(bytes: bytes.dropFirst(bytes.count / 2)))
                    try await writer.finish(nil)
                }
            case .padded(let count):
                ResponseBody { writer in
                    try await writer.write(ByteBuffer(bytes: bytes))
                    try await writer.write(ByteBuffer(string: "<!--" + String(repeating: "x", count: count) + "-->"))
                    try await writer.finish(nil)
                }
            }
        return Response(status: .init(code: status), headers: headers, body: body)
    }
}
