import Foundation
import Hummingbird
import SAML
import SOAP
import Synchronization
import WSSecurity
import X509
import XMLCore

/// A provider of the scenario, in process: it runs Tessera's WSSecurityEngine on every
/// forwarded message and answers `Hello, <subject>` only when
/// - the gateway's X.509 signature (a certificate from the test CA) covers the Body, the
///   Timestamp, the WS-Addressing headers and the SAML assertion;
/// - the assertion carries no `wsu:Id` and the STS's own signature over it still verifies in
///   the forwarded message (its canonical form is unchanged), for HelloService, sender-vouches.
/// Anything else is answered with a `wsse:FailedCheck` fault naming the problem (a test stub may
/// say why). Tokens listed in ``refusedTokens`` get `wsse:InvalidSecurityToken`.
final class StubProvider: Sendable {
    struct Received: Sendable {
        let assertionID: String
        let subject: String?
        let bodyText: String
    }

    let refusedTokens = Mutex<Set<String>>([])
    let delay = Mutex<Duration>(.zero)
    private let log = Mutex<[Received]>([])

    var received: [Received] { log.withLock { $0 } }

    static let gateway = Fixtures.certificate("gateway")
    static let sts = Fixtures.certificate("sts")
    static let ca = Fixtures.certificate("ca")

    /// The provider's application on a free loopback port, reporting the port to `listening`.
    func application(listening: AsyncStream<Int>.Continuation) -> some ApplicationProtocol {
        let router = Router()
        router.post("/hello") { request, _ in await self.answer(request) }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                           onServerRunning: { listening.yield($0.localAddress?.port ?? 0) })
    }

    private func answer(_ request: Request) async -> Response {
        let version = request.headers[.contentType].flatMap(SOAPVersion.init(contentType:)) ?? .v11
        let pause = delay.withLock { $0 }
        if pause > .zero { try? await Task.sleep(for: pause) }
        do {
            let body = try await request.body.collect(upTo: 1 << 20)
            let envelope = try SOAPEnvelope(parsing: body.readableBytesView)
            let (id, subject) = try await check(envelope)
            log.withLock { $0.append(Received(assertionID: id, subject: subject, bodyText: envelope.bodyPayload?.trimmedText ?? "")) }
            if refusedTokens.withLock({ $0.contains(id) }) {
                return respond(SOAPFault(WSSFaultCode.invalidSecurityToken).envelope(version), version: version, status: 500)
            }
            let reply = SOAPEnvelope(version: version)
            reply.body.addChild("HelloResponse", "urn:hello", prefix: "hello").setText("Hello, \(subject ?? "?")")
            return respond(reply, version: version, status: 200)
        } catch {
            return respond(SOAPFault(WSSFaultCode.failedCheck, reason: "stub provider: \(error)").envelope(version), version: version, status: 500)
        }
    }

    private struct CheckFailed: Error, CustomStringConvertible {
        let description: String
    }

    private func check(_ envelope: SOAPEnvelope) async throws -> (String, String?) {
        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [Self.ca]))
        inbound.replayCache = InMemoryReplayCache()
        var policy = SecurityPolicy()
        policy.signedParts = [.body, .timestamp, .addressingHeaders]
        let result = try await WSSecurityEngine(configuration: inbound, policy: policy).process(envelope)
        guard result.samlAssertions.count == 1, let assertion = result.samlAssertions.first else {
            throw CheckFailed(description: "expected one SAML assertion, found \(result.samlAssertions.count)")
        }
        guard result.usernameTokens.isEmpty else { throw CheckFailed(description: "a UsernameToken was forwarded") }
        let signers = result.signatures(covering: assertion.element).compactMap { signature -> Certificate? in
            if case .x509(let certificate, _) = signature.token { return certificate }
            return nil
        }
        guard signers.contains(Self.gateway) else { throw CheckFailed(description: "the gateway's signature does not cover the assertion") }
        guard assertion.element.attribute("Id", WSSNamespace.utility) == nil else { throw CheckFailed(description: "the assertion was given a wsu:Id") }
        let validator = SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [], pinned: [Self.sts])) {
            SAMLAudiencePolicy(audience: Fixtures.helloService)
            SAMLSubjectConfirmationPolicy(allowed: [.senderVouches])
        }
        let facts = try await validator.validate(assertion.element).facts
        return (facts.id, facts.subjects.lazy.compactMap(\.name).first)
    }

    private func respond(_ envelope: SOAPEnvelope, version: SOAPVersion, status: Int) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = version.contentType()
        return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: envelope.serialize())))
    }
}
