import Foundation
import Logging
import SecurityCore
import SOAP
import SecureConversation
import TesseraClient
import TesseraCrypto
import TesseraSamples
import TesseraServer
import Testing
import WSSecurity
import XMLCore
import XMLSecurity

/// A message under someone else's context, signed with a derived key one byte long: the context
/// identifier travels in the clear and a fresh nonce beats the replay check, so 256 guesses
/// would forge it. The service refuses every guess with a WSS fault (WS-SecurityPolicy 1.2 §6.1:
/// no HMAC key under 128 bits).
@Suite struct ShortDerivedKeyOverHTTPTests {
    static let service = TestPKI.credential("service")
    static let ca = TestPKI.credential("ca").certificate

    /// The echo service, accepting Bodies in the clear (so that only the signature authenticates).
    static func endpoint() -> SecureConversationEndpoint {
        var configuration = SecureConversationServiceConfiguration(credential: service, bootstrap: .x509(trustStore: X509TrustStore(anchors: [ca])))
        configuration.applicationPolicy.requireEncryptedBody = false
        return SecureConversationEndpoint(path: "/echo", service: SecureConversationService(configuration: configuration, handler: EchoService.handler))
    }

    @Test func everyGuessOfAOneByteKeyIsRefused() async throws {
        try await withSecureConversationServer(Self.endpoint(), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }) { url in
            let http = try HTTPSOAPTransport(url: url)
            var clientConfiguration = SecureConversationClientConfiguration(
                endpoint: url,
                bootstrap: .x509(
                    credential: TestPKI.gateway, serviceCertificate: Self.service.certificate,
                    trustStore: X509TrustStore(anchors: [Self.ca])))
            clientConfiguration.version = .v13
            let victim = SecureConversationClient(configuration: clientConfiguration, transport: http)
            let identifier: String
            do {
                identifier = try await victim.establish().identifier
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()

            var answers = 0
            var faults: [QName?] = []
            for guess in 0...255 {
                let forged = try Self.forgedRequest(context: identifier, key: [UInt8(guess)])
                let posted = try await SecureConversationOverHTTPTests.post(forged, to: url, soap: .v12, action: EchoService.action)
                let response = try SOAPEnvelope(parsing: posted.body)
                if let fault = try? SOAPFault(envelope: response) {
                    faults.append(fault.subcode)
                } else {
                    answers += 1
                }
            }
            #expect(answers == 0)
            #expect(faults.count == 256)
            #expect(faults.allSatisfy { $0?.namespace == WSSNamespace.secext })
        }
    }

    /// An echo request under the context `context` (named by its Identifier, as WS-SC 1.3 §8
    /// allows), with a Timestamp, and Body and Timestamp signed with HMAC-SHA1 under `key`, said
    /// to be a DerivedKeyToken of `key.count` bytes.
    static func forgedRequest(context: String, key: [UInt8]) throws -> [UInt8] {
        let version = SecureConversationVersion.v13
        let envelope = EchoService.request("forged", version: .v12)
        let security = try envelope.ensureSecurityHeader()
        let now = Date()
        Timestamp(created: now, expires: now.addingTimeInterval(300)).write(into: security, id: "TS-1")
        DerivedKeyToken(
            version: version, id: "DK-1", reference: .reference(uri: context, valueType: version.tokenTypeURI),
            position: .offset(0), length: key.count, nonce: SecureRandom.bytes(16)
        ).write(into: security)
        envelope.body.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "Body-1")
        try SignatureBuilder(algorithm: .hmacSHA1, references: [.init(uri: "#TS-1", digestMethod: .sha1), .init(uri: "#Body-1", digestMethod: .sha1)])
            .sign(in: security, key: .secret(key)) { keyInfo in
                SecurityTokenReference.write(.reference(uri: "#DK-1", valueType: version.derivedKeyValueType), into: keyInfo)
            }
        return envelope.serialize()
    }
}
