import Foundation
import SOAP
import Testing
import TesseraClient
import WSSecurity
import WSTrust
import XMLCore

/// Answers the client refuses before the caller sees them: not a reply to this request, in
/// another WS-Trust version, not one response, not SOAP, or (with an STS certificate
/// configured) not signed with that certificate.
struct ResponseCheckingTests {
    static func client(_ transport: InProcessTransport, version: WSTrustVersion = .v13, stsCertificate: Bool = false) throws -> STSClient {
        var configuration = STSClientConfiguration(endpoint: "https://sts.tessera.test/sts", security: .x509Signature(try TestPKI.credential("gateway")))
        configuration.trustVersion = version
        if stsCertificate { configuration.stsCertificate = try TestPKI.certificate("sts") }
        return STSClient(transport: transport, configuration: configuration)
    }

    static func issued(_ rst: RequestSecurityToken) -> RequestSecurityTokenResponse {
        var response = RequestSecurityTokenResponse(version: rst.version)
        response.tokenType = .saml20
        response.requestedSecurityToken = XMLDocument(rootLocalName: "Assertion", namespace: "urn:oasis:names:tc:SAML:2.0:assertion", prefix: "saml2").root
        return response
    }

    static func expectRefused(
        _ transport: InProcessTransport, _ code: STSClientError.Code, stsCertificate: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let error = await #expect(throws: STSClientError.self, sourceLocation: sourceLocation) {
            _ = try await Self.client(transport, stsCertificate: stsCertificate).send(TokenRequest(.issue))
        }
        #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test func aWellFormedReplyIsAccepted() async throws {
        let response = try await Self.client(.crafted(respond: Self.issued)).send(TokenRequest(.issue))
        #expect(response.response.tokenType == .saml20)
        #expect(response.verifiedSigner == nil)
    }

    @Test func aReplyToAnotherMessageIsRefused() async throws {
        try await Self.expectRefused(.crafted(relatesTo: { _ in AddressingHeaders.newMessageID() }, respond: Self.issued), .relatesToMismatch)
    }

    @Test func aReplyInTheOtherWSTrustVersionIsRefused() async throws {
        let transport = InProcessTransport.crafted { rst in
            var response = Self.issued(rst)
            response.version = .v200502
            return response
        }
        try await Self.expectRefused(transport, .invalidResponse)
    }

    @Test func aCollectionOfTwoResponsesIsRefused() async throws {
        let transport = InProcessTransport { request, _, _ in
            let envelope = try SOAPEnvelope(parsing: request)
            let messageID = try #require(try AddressingHeaders(reading: envelope)?.messageID)
            let response = SOAPEnvelope(version: envelope.version)
            AddressingHeaders(relatesTo: [.init(messageID: messageID)]).write(to: response)
            let rst = try RequestSecurityToken(element: try #require(envelope.bodyPayload))
            RequestSecurityTokenResponseCollection(responses: [Self.issued(rst), Self.issued(rst)]).write(into: response.body, version: .v13)
            return response.serialize()
        }
        try await Self.expectRefused(transport, .invalidResponse)
    }

    @Test func bytesThatAreNotSOAPAreRefused() async throws {
        try await Self.expectRefused(InProcessTransport { _, _, _ in Array("<html><body>Service Unavailable</body></html>".utf8) }, .invalidResponse)
    }

    @Test func anUnsignedReplyIsRefusedWhenTheSTSCertificateIsConfigured() async throws {
        try await Self.expectRefused(.crafted(respond: Self.issued), .responseNotVerified, stsCertificate: true)
    }

    @Test func aReplySignedByAnotherTrustedKeyIsRefused() async throws {
        // The service certificate chains to the same CA as the STS's; only the STS's own key counts.
        try await Self.expectRefused(.crafted(signer: try TestPKI.credential("service"), respond: Self.issued), .responseNotVerified, stsCertificate: true)
    }

    /// RelatesTo is how the client knows the answer is to this request: an older signed answer
    /// with a RelatesTo rewritten by someone in the middle must not pass, so it must be signed.
    @Test func aReplyWhoseAddressingHeadersAreNotSignedIsRefused() async throws {
        let transport = InProcessTransport.crafted(signer: try TestPKI.credential("sts"), signsAddressing: false, respond: Self.issued)
        try await Self.expectRefused(transport, .responseNotVerified, stsCertificate: true)
    }

    @Test func aReplySignedWithTheSTSKeyIsAccepted() async throws {
        let client = try Self.client(.crafted(signer: try TestPKI.credential("sts"), respond: Self.issued), stsCertificate: true)
        let response = try await client.send(TokenRequest(.issue))
        #expect(response.verifiedSigner == (try TestPKI.certificate("sts")))
    }

    /// The same signed answer delivered twice to one client, for the same request: the second
    /// time its signature value is a replay.
    @Test func aReplayedSignedReplyIsRefused() async throws {
        let recorded = LockedBox<[UInt8]>()
        let signing = InProcessTransport.crafted(signer: try TestPKI.credential("sts"), respond: Self.issued)
        let replaying = InProcessTransport { request, version, action in
            if let answer = recorded.value { return answer }
            let answer = try await signing.answer(request, version, action)
            recorded.value = answer
            return answer
        }
        let client = try Self.client(replaying, stsCertificate: true)
        let prepared = try client.prepare(TokenRequest(.issue))
        _ = try await client.send(prepared)
        let error = await #expect(throws: STSClientError.self) { _ = try await client.send(prepared) }
        #expect(error?.code == .responseNotVerified)
    }
}
