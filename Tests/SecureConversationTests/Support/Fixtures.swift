import Foundation
import SecurityCore
import SOAP
import SecureConversation
import Synchronization
import TesseraCrypto
import WSSecurity
import X509
import XMLCore
import TesseraTestSupport

/// The test PKI (TEST KEYS ONLY, Tests/TesseraTestSupport/Fixtures/README.md) and ready-made
/// clients and services.
enum Fixtures {
    static let directory = TesseraTestEnvironment.fixtures

    static func pem(_ name: String) -> String {
        try! String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func credential(_ name: String) -> X509Credential {
        X509Credential(
            privateKey: try! PrivateKey(pemRepresentation: pem("\(name).key.pem")),
            certificate: try! Certificate(pemEncoded: pem("\(name).cert.pem")))
    }

    static let ca = try! Certificate(pemEncoded: pem("ca.cert.pem"))
    /// The client (initiator).
    static let gateway = credential("gateway")
    /// The secured service (recipient and SCT issuer).
    static let service = credential("service")
    static let untrusted = credential("untrusted")
    static let endpoint = "https://service.tessera.test/hello"
    static let helloNamespace = "urn:tessera:test:hello"
    static let helloAction = "urn:tessera:test:hello/Hello"

    static func trustStore() -> X509TrustStore { X509TrustStore(anchors: [ca]) }

    /// A service answering `Hello(name)` with `HelloResponse("Hello, name, you are <identity>")`.
    static func serviceConfiguration(clock: TestClock = TestClock(), keeping: ContextKeeping? = nil) -> SecureConversationServiceConfiguration {
        var configuration = SecureConversationServiceConfiguration(credential: service, bootstrap: .x509(trustStore: trustStore()))
        if let keeping { configuration.keeping = keeping }
        configuration.clock = clock.source
        return configuration
    }

    static func helloService(_ configuration: SecureConversationServiceConfiguration) -> SecureConversationService {
        SecureConversationService(configuration: configuration) { request in
            let name = request.payload?.firstChild("Name", helloNamespace)?.trimmedText ?? "?"
            return SecureConversationReply(version: request.envelope.version, action: helloAction + "Response") { body in
                body.addChild("HelloResponse", helloNamespace, prefix: "h").setText("Hello, \(name), you are \(request.identity)")
            }
        }
    }

    static func clientConfiguration(
        version: SecureConversationVersion, clock: TestClock = TestClock(),
        credential: X509Credential = gateway
    ) -> SecureConversationClientConfiguration {
        var configuration = SecureConversationClientConfiguration(
            endpoint: endpoint, bootstrap: .x509(credential: credential, serviceCertificate: service.certificate, trustStore: trustStore()))
        configuration.version = version
        configuration.clock = clock.source
        return configuration
    }

    /// A request whose Body holds `Hello(name)`.
    static func hello(_ name: String, version: SOAPVersion = .v12) -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: version)
        envelope.body.addChild("Hello", helloNamespace, prefix: "h").addChild("Name", helloNamespace, prefix: "h").setText(name)
        return envelope
    }

    /// The text of a HelloResponse.
    static func greeting(_ response: SOAPEnvelope) -> String? {
        response.bodyPayload.flatMap { $0.is("HelloResponse", helloNamespace) ? $0.trimmedText : nil }
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let date: Mutex<Date>

    init(_ start: Date = Date()) { date = Mutex(start) }

    var source: TimeSource { TimeSource { [self] in date.withLock { $0 } } }
    var now: Date { date.withLock { $0 } }

    func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A transport that records what went by and lets a test tamper with or replay requests.
final class RecordingTransport: SOAPTransport {
    let service: SecureConversationService
    private let state = Mutex<(requests: [[UInt8]], tamper: (@Sendable ([UInt8]) -> [UInt8])?)>(([], nil))

    init(service: SecureConversationService) { self.service = service }

    /// Rewrites the next requests with `change` (nil to stop).
    func tamper(with change: (@Sendable ([UInt8]) -> [UInt8])?) { state.withLock { $0.tamper = change } }

    var requests: [[UInt8]] { state.withLock { $0.requests } }

    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        let sent = state.withLock { state -> [UInt8] in
            let bytes = state.tamper.map { $0(request) } ?? request
            state.requests.append(bytes)
            return bytes
        }
        return await service.handle(bytes: sent, version: version, action: action)
    }
}

extension SOAPEnvelope {
    /// The fault this envelope carries, if any.
    var fault: SOAPFault? { try? SOAPFault(envelope: self) }
}

extension String {
    /// This text with the only occurrence of a regex match replaced.
    func replacingFirst(matching pattern: String, with replacement: String) -> String {
        guard let range = range(of: pattern, options: .regularExpression) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
