import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SecurityCore
import SOAP
import SecureConversation
import Synchronization
import TesseraClient
import TesseraSamples
import TesseraServer
import Testing
import WSSecurity
import XMLCore

/// The WS-SecureConversation flow over loopback HTTP: the echo service behind a
/// ``SecureConversationEndpoint``, a ``SecureConversationClient`` over ``HTTPSOAPTransport``.
@Suite struct SecureConversationOverHTTPTests {
    static let service = TestPKI.credential("service")
    static let ca = TestPKI.credential("ca").certificate
    static let failedCheck = QName(WSSNamespace.secext, "FailedCheck")

    static func endpoint(metrics: ServerMetrics? = nil) -> SecureConversationEndpoint {
        let configuration = SecureConversationServiceConfiguration(credential: service, bootstrap: .x509(trustStore: X509TrustStore(anchors: [ca])))
        return SecureConversationEndpoint(
            path: "/echo", service: SecureConversationService(configuration: configuration, handler: EchoService.handler),
            metrics: metrics)
    }

    static func client(url: String, version: SecureConversationVersion, soap: SOAPVersion, transport: any SOAPTransport) -> SecureConversationClient {
        var configuration = SecureConversationClientConfiguration(
            endpoint: url, bootstrap: .x509(credential: TestPKI.gateway, serviceCertificate: service.certificate, trustStore: X509TrustStore(anchors: [ca])))
        configuration.version = version
        configuration.soapVersion = soap
        return SecureConversationClient(configuration: configuration, transport: transport)
    }

    /// Runs `body` with the echo service listening and an HTTP transport to it (shut down after).
    static func withService(metrics: ServerMetrics? = nil, _ body: (String, CapturingTransport) async throws -> Void) async throws {
        try await withSecureConversationServer(endpoint(metrics: metrics), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }) { url in
            let http = try HTTPSOAPTransport(url: url)
            do {
                try await body(url, CapturingTransport(inner: http))
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    @Test(arguments: [(SecureConversationVersion.v13, SOAPVersion.v12), (.v200502, .v11)])
    func establishExchangeRenewCancel(_ version: SecureConversationVersion, _ soap: SOAPVersion) async throws {
        try await Self.withService { url, transport in
            let client = Self.client(url: url, version: version, soap: soap, transport: transport)
            let context = try await client.establish()
            #expect(context.version == version)

            let identity = "\(TestPKI.gateway.certificate.subject)"
            for index in 0..<100 {
                let response = try await client.send(EchoService.request("hi \(index)", version: soap), action: EchoService.action)
                #expect(EchoService.reply(in: response) == EchoService.greeting(identity: identity, text: "hi \(index)"))
            }
            // The payload never crossed the wire in the clear.
            #expect(!String(decoding: try #require(transport.last?.bytes), as: UTF8.self).contains("hi 99"))

            let renewed = try await client.renew()
            #expect(renewed.identifier == context.identifier)
            #expect(renewed.instance != nil && renewed.instance != context.instance)
            let afterRenewal = try await client.send(EchoService.request("renewed", version: soap), action: EchoService.action)
            #expect(EchoService.reply(in: afterRenewal) == EchoService.greeting(identity: identity, text: "renewed"))

            let lastRequest = try #require(transport.last)
            try await client.cancel()
            #expect(client.context == nil)

            // The last request under the context, POSTed again after the cancellation, is refused
            // with wsc:BadContextToken and the status the SOAP HTTP binding gives the fault.
            let refused = try await Self.post(lastRequest.bytes, to: url, soap: soap, action: EchoService.action)
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: refused.body))
            #expect(fault.subcode == version.faultCodes.badContextToken.name)
            #expect(refused.status == (soap == .v12 && fault.code == .sender ? 400 : 500))
            #expect(refused.contentType?.hasPrefix(soap.mediaType) == true)
        }
    }

    @Test func tamperedRequestFailsTheCheck() async throws {
        try await Self.withService { url, transport in
            let client = Self.client(url: url, version: .v13, soap: .v12, transport: transport)
            try await client.establish()
            transport.tamper { bytes in
                guard let envelope = try? SOAPEnvelope(parsing: bytes),
                    let value = envelope.body.firstDescendant(namedAnyOf: [QName("http://www.w3.org/2001/04/xmlenc#", "CipherValue")]),
                    var cipher = Data(base64Encoded: value.trimmedText).map(Array.init)
                else { return bytes }
                cipher[cipher.count / 2] ^= 0x5A
                value.setText(Data(cipher).base64EncodedString())
                return envelope.serialize()
            }
            await #expect { try await client.send(EchoService.request("tampered"), action: EchoService.action) } throws: { error in
                (error as? SecureConversationError)?.fault?.subcode == Self.failedCheck
            }
            transport.tamper(nil)
            let response = try await client.send(EchoService.request("intact"), action: EchoService.action)
            #expect(EchoService.reply(in: response)?.hasSuffix("You said: intact") == true)
        }
    }

    @Test func notSOAPIsRefusedAsTheSTSEndpointDoes() async throws {
        try await Self.withService { url, _ in
            let plain = try await Self.rawPost(Array("hello".utf8), to: url, headers: [("Content-Type", "text/plain")])
            #expect(plain.status == 415)
            let malformed = try await Self.post(Array("<not-xml".utf8), to: url, soap: .v12, action: EchoService.action)
            #expect(malformed.status == 400)
            #expect(try SOAPFault(envelope: try SOAPEnvelope(parsing: malformed.body)).code == .sender)
            let tooLarge = try await Self.post(
                [UInt8](repeating: 0x20, count: SecureConversationEndpoint.defaultMaxRequestBytes + 1), to: url,
                soap: .v11, action: EchoService.action)
            #expect(tooLarge.status == 413)
        }
    }

    // MARK: HTTP

    struct Posted {
        let status: Int
        let contentType: String?
        let body: [UInt8]
    }

    static func post(_ body: [UInt8], to url: String, soap: SOAPVersion, action: String) async throws -> Posted {
        try await rawPost(body, to: url, headers: soap.httpHeaders(action: action).map { ($0.name, $0.value) })
    }

    static func rawPost(_ body: [UInt8], to url: String, headers: [(String, String)]) async throws -> Posted {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        return Posted(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            body: Array(try await response.body.collect(upTo: 1 << 20).readableBytesView))
    }
}

/// Passes exchanges to `inner`, remembering the last request and rewriting requests on demand.
final class CapturingTransport: SOAPTransport {
    struct Sent: Sendable {
        let bytes: [UInt8]
        let version: SOAPVersion
    }

    let inner: any SOAPTransport
    private let state = Mutex<(last: Sent?, tamper: (@Sendable ([UInt8]) -> [UInt8])?)>((nil, nil))

    init(inner: any SOAPTransport) { self.inner = inner }

    var last: Sent? { state.withLock { $0.last } }

    func tamper(_ change: (@Sendable ([UInt8]) -> [UInt8])?) { state.withLock { $0.tamper = change } }

    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        let sent = state.withLock { state in
            let bytes = state.tamper.map { $0(request) } ?? request
            state.last = Sent(bytes: bytes, version: version)
            return bytes
        }
        return try await inner.exchange(sent, version: version, action: action)
    }
}
