import Foundation
import SecurityCore
public import SOAP
public import SecureConversation
import Synchronization
import TesseraSamples
import WSSecurity
import X509

/// The secure-conversation flow, run against the ``TesseraSamples/EchoService`` over any transport, for
/// `tessera demo secure-conversation`: establish a context (steps 1–2), exchange messages
/// signed and encrypted with derived keys (3–7), renew, cancel, and check that the last request
/// sent under the context is refused once it is cancelled. Each step is reported as a ``Step``
/// whose description says what happened in plain words; every check that fails is reported
/// and makes ``run(over:endpoint:report:)`` return false.
public struct SecureConversationDemo: Sendable {
    public let keys: DevelopmentKeys
    public let version: SecureConversationVersion
    /// How many echo messages to exchange before the renewal.
    public let messages: Int

    public init(keys: DevelopmentKeys, version: SecureConversationVersion, messages: Int) {
        self.keys = keys
        self.version = version
        self.messages = messages
    }

    /// The echo service secured by the service key, trusting clients the development CA issued.
    public func service() -> SecureConversationService {
        let configuration = SecureConversationServiceConfiguration(
            credential: keys.service, bootstrap: .x509(trustStore: X509TrustStore(anchors: [keys.certificateAuthority])))
        return SecureConversationService(configuration: configuration, handler: EchoService.handler)
    }

    /// The client of `endpoint`: the gateway key, trusting only the service's own certificate.
    public func clientConfiguration(endpoint: String) -> SecureConversationClientConfiguration {
        let trust = X509TrustStore(anchors: [keys.certificateAuthority], pinned: [keys.service.certificate])
        var configuration = SecureConversationClientConfiguration(
            endpoint: endpoint, bootstrap: .x509(credential: keys.client, serviceCertificate: keys.service.certificate, trustStore: trust))
        configuration.version = version
        return configuration
    }

    /// A step of the flow, or a message on the wire.
    public enum Step: Sendable, CustomStringConvertible {
        case requesting(client: String, endpoint: String, version: SecureConversationVersion)
        case established(SecureConversationClient.Context)
        case derivingKeys
        case exchanged(index: Int, of: Int, reply: String)
        case repeated(count: Int)
        case renewed(SecureConversationClient.Context, reply: String)
        case cancelled(identifier: String)
        case refusedAfterCancel(fault: String)
        /// A check failed; the flow stops.
        case failed(String)
        /// Bytes on the wire: a request with its action, or a response.
        case wire(request: Bool, action: String?, bytes: [UInt8])

        public var description: String {
            switch self {
            case .requesting(let client, let endpoint, let version):
                "1. RST/SCT: the client (\(client)) asks \(endpoint) for a security context (\(version.label)); the request is signed with its X.509 key and its Body, with the client's entropy, is encrypted for the service."
            case .established(let context):
                "2. RSTR with SCT: the service checked the signature against the development CA and issued context \(context.identifier), valid until \(Self.format(context.expires)); the client verified the service's signed response, decrypted it and computed the shared secret from both entropies (P_SHA1)."
            case .derivingKeys:
                "3. Derived keys: each message below is signed (HMAC-SHA1) and encrypted (AES-256-CBC) with keys derived from the shared secret by P_SHA1, a fresh nonce per key, named by wsc:DerivedKeyToken elements that reference the context."
            case .exchanged(let index, let total, let reply):
                "   4–6. message \(index)/\(total): the service derived the same keys, verified and decrypted the request, and answered (signed and encrypted with new derived keys): \(reply)"
            case .repeated(let count):
                "7. Steps 3 to 6 repeated for \(count) message\(count == 1 ? "" : "s"); the client verified and decrypted every response."
            case .renewed(let context, let reply):
                "Renew: the context \(context.identifier) now has instance \(context.instance ?? "-"), valid until \(Self.format(context.expires)), and a new secret; a message under it was answered: \(reply)"
            case .cancelled(let identifier):
                "Cancel: the service cancelled context \(identifier) and the client forgot it."
            case .refusedAfterCancel(let fault):
                "After cancel: the last request sent under the context, sent again, is refused with \(fault)."
            case .failed(let reason):
                "FAILED: \(reason)"
            case .wire(let request, let action, let bytes):
                "\(request ? "--> request" : "<-- response")\(action.map { " (\($0))" } ?? ""):\n\(String(decoding: bytes, as: UTF8.self))"
            }
        }

        private static func format(_ date: Date) -> String {
            date.formatted(.iso8601)
        }
    }

    /// Runs the flow against `endpoint` through `transport`, reporting each step (and, when
    /// `showMessages`, every message on the wire). Returns whether every step went as expected.
    public func run(
        over transport: any SOAPTransport, endpoint: String, showMessages: Bool = false,
        report: @escaping @Sendable (Step) -> Void
    ) async -> Bool {
        let wire = CapturingTransport(inner: transport, report: showMessages ? report : nil)
        let client = SecureConversationClient(configuration: clientConfiguration(endpoint: endpoint), transport: wire)
        let identity = "\(keys.client.certificate.subject)"
        do {
            report(.requesting(client: identity, endpoint: endpoint, version: version))
            let context = try await client.establish()
            report(.established(context))

            report(.derivingKeys)
            for index in stride(from: 1, through: messages, by: 1) {
                let text = "message \(index)"
                let reply = try await echo(text, client: client)
                guard reply == EchoService.greeting(identity: identity, text: text) else {
                    report(.failed("message \(index) was answered with an unexpected reply: \(reply)"))
                    return false
                }
                report(.exchanged(index: index, of: messages, reply: reply))
            }
            report(.repeated(count: messages))

            let renewed = try await client.renew()
            guard renewed.identifier == context.identifier, renewed.instance != nil, renewed.instance != context.instance else {
                report(.failed("the renewed context does not continue the established one"))
                return false
            }
            let reply = try await echo("after renewal", client: client)
            guard reply == EchoService.greeting(identity: identity, text: "after renewal") else {
                report(.failed("the message after renewal was answered with an unexpected reply: \(reply)"))
                return false
            }
            report(.renewed(renewed, reply: reply))

            guard let lastRequest = wire.lastRequest else {
                report(.failed("no request was captured"))
                return false
            }
            try await client.cancel()
            report(.cancelled(identifier: context.identifier))

            let answer = try await wire.exchange(lastRequest.bytes, version: lastRequest.version, action: lastRequest.action)
            let fault = (try? SOAPEnvelope(parsing: answer)).flatMap { try? SOAPFault(envelope: $0) }
            let expected = version.faultCodes.badContextToken
            guard let fault, fault.subcode == expected.name else {
                report(.failed("the request after cancel was not refused with \(expected): \(fault?.description ?? "no fault")"))
                return false
            }
            report(.refusedAfterCancel(fault: "\(expected)"))
            return true
        } catch {
            report(.failed("\(error)"))
            return false
        }
    }

    private func echo(_ text: String, client: SecureConversationClient) async throws -> String {
        let response = try await client.send(EchoService.request(text, version: client.configuration.soapVersion), action: EchoService.action)
        return EchoService.reply(in: response) ?? "(no EchoResponse)"
    }
}

extension SecureConversationVersion {
    /// The version's name for people.
    var label: String {
        switch self {
        case .v13: "WS-SecureConversation 1.3"
        case .v200502: "WS-SecureConversation 2005/02"
        }
    }
}

/// Passes every exchange to `inner`, remembers the last request, and reports both directions
/// when asked to.
private final class CapturingTransport: SOAPTransport {
    struct Request {
        let bytes: [UInt8]
        let version: SOAPVersion
        let action: String?
    }

    let inner: any SOAPTransport
    let report: (@Sendable (SecureConversationDemo.Step) -> Void)?
    private let last = Mutex<Request?>(nil)

    init(inner: any SOAPTransport, report: (@Sendable (SecureConversationDemo.Step) -> Void)?) {
        self.inner = inner
        self.report = report
    }

    var lastRequest: Request? { last.withLock { $0 } }

    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        last.withLock { $0 = Request(bytes: request, version: version, action: action) }
        report?(.wire(request: true, action: action, bytes: request))
        let response = try await inner.exchange(request, version: version, action: action)
        report?(.wire(request: false, action: nil, bytes: response))
        return response
    }
}
