import Foundation
import SAML
import SecurityCore
import SOAP
import StoreProtocols
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore
@testable import STS

/// The token-transformation scenario end to end, in process: the gateway's signed RST (Listing 2)
/// in, the STS's signed Listing 3 response out.
struct SecurityTokenServiceTests {
    let harness = STSHarness()

    /// Listing 2: RequestType Issue, AppliesTo, OnBehalfOf the consumer's UsernameToken, TokenType
    /// SAML 2.0.
    func listing2(
        version: WSTrustVersion = .v13, onBehalfOf: XMLElement? = TestTokens.username("jdoe"),
        signer: X509Credential = TestPKI.gateway
    ) throws -> SOAPEnvelope {
        var request = TestRequest(version: version)
        request.onBehalfOf = onBehalfOf
        return try request.envelope(.signed(signer), at: harness.now)
    }

    @Test func gatewayGetsASignedSenderVouchesAssertionForJdoe() async throws {
        let response = try await harness.send(try listing2())
        // The gateway verifies the STS's response signature before trusting anything in it.
        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [TestPKI.ca]))
        inbound.replayCache = InMemoryReplayCache()
        let security = try await WSSecurityEngine(configuration: inbound).process(response)
        #expect(security.authenticatedCertificate == TestPKI.sts.certificate)
        #expect(try AddressingHeaders(reading: response)?.action == WSTrustVersion.v13.responseAction(.issue))
        #expect(response.bodyPayload?.localName == "RequestSecurityTokenResponseCollection")

        let rstr = try STSHarness.rstr(response)
        #expect(rstr.tokenType == .saml20)
        #expect(rstr.appliesTo?.address == STSHarness.hello)
        let assertion = try #require(rstr.requestedSecurityToken)
        let validated = try await SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [TestPKI.ca])) {
            SAMLAudiencePolicy(audience: STSHarness.hello)
            SAMLSubjectConfirmationPolicy(allowed: [.senderVouches])
        }.validate(serialized: assertion.document.serialize(assertion))
        #expect(validated.facts.subjects.first?.name == "jdoe")
        let nameID = try #require(assertion.descendantsAndSelf.first { $0.localName == "NameID" })
        #expect(nameID.attribute("NameQualifier") == "STS")
    }

    @Test func february2005RequestIsAnsweredInKind() async throws {
        let response = try await harness.send(try listing2(version: .v200502))
        let rstr = try RequestSecurityTokenResponse(element: try #require(response.bodyPayload))
        #expect(rstr.version == .v200502)
        #expect(try AddressingHeaders(reading: response)?.action == WSTrustVersion.v200502.responseAction(.issue))
    }

    @Test func withoutOnBehalfOfTheTokenIsForTheRequestorsCertificate() async throws {
        let response = try await harness.send(try listing2(onBehalfOf: nil))
        let validated = try await STSHarness.issuedAssertion(response)
        #expect(validated.facts.subjects.first?.name == TestPKI.gateway.certificate.subject.description)
    }

    /// The gateway signs only the Timestamp; another CA-trusted key signs the Body. The request is
    /// the Body's signer's, and that signer is no requestor.
    @Test func requestorIsTheSignerOfTheBody() async throws {
        let envelope = try TestRequest().envelope(.timestampOnly, at: harness.now)
        var first = SecurityHeaderBuilder()
        first.timestampLifetime = nil
        var timestampOnly = SecurityHeaderBuilder.SignatureOptions(credential: TestPKI.gateway)
        timestampOnly.parts = [.timestamp]
        first.signature = timestampOnly
        try first.secure(envelope)
        var second = SecurityHeaderBuilder()
        second.timestampLifetime = nil
        var bodyOnly = SecurityHeaderBuilder.SignatureOptions(credential: TestPKI.idp)
        bodyOnly.parts = [.body]
        second.signature = bodyOnly
        try second.secure(envelope)
        let fault = try await harness.fault(try SOAPEnvelope(parsing: envelope.serialize()))
        #expect(fault.subcode == SOAPFault.trust("FailedAuthentication"))
    }

    /// The trusted requestor signs the Body, but the Timestamp only a stranger signs: the
    /// request's freshness is not the requestor's word.
    @Test func theRequestorMustSignTheTimestampToo() async throws {
        let envelope = try TestRequest().envelope(.timestampOnly, at: harness.now)
        var bodyBuilder = SecurityHeaderBuilder()
        bodyBuilder.timestampLifetime = nil
        var bodyOnly = SecurityHeaderBuilder.SignatureOptions(credential: TestPKI.gateway)
        bodyOnly.parts = [.body]
        bodyBuilder.signature = bodyOnly
        try bodyBuilder.secure(envelope)
        let fault = try await harness.fault(try SOAPEnvelope(parsing: envelope.serialize()))
        #expect(fault.subcode == WSSFaultCode.invalidSecurity.name)
        #expect(fault.reason.contains("Timestamp"))
    }

    @Test func everyIssuedTokenIsRecordedBeforeTheResponse() async throws {
        let response = try await harness.send(try listing2())
        let rstr = try STSHarness.rstr(response)
        let id = try #require(rstr.requestedSecurityToken?.attribute("ID"))
        let record = try #require(try await harness.store.record(id: id))
        #expect(record.subject == "jdoe")
        #expect(record.requestor == "x509:gateway")
        #expect(record.appliesTo == STSHarness.hello)
        #expect(record.relyingParty == "hello")
        #expect(record.tokenType == TokenType.saml20.rawValue)
        #expect(record.status == .issued)
        #expect(record.created == rstr.lifetime?.created && record.expires == rstr.lifetime?.expires)
        #expect(!record.renewable)
    }

    /// A store that cannot record refuses the issuance: no token leaves unrecorded.
    @Test func aTokenThatCannotBeRecordedIsNotReturned() async throws {
        struct BrokenStore: TokenStore {
            struct Down: Error {}
            func insert(_ record: IssuedTokenRecord) async throws { throw Down() }
            func record(id: String) async throws -> IssuedTokenRecord? { throw Down() }
            func transition(id: String, from expected: IssuedTokenRecord.Status, to status: IssuedTokenRecord.Status) async throws -> Bool { throw Down() }
            func purge(expiredBefore cutoff: Date) async throws -> Int { throw Down() }
        }
        var harness = harness
        harness.configuration.tokenStore = BrokenStore()
        let response = try await harness.send(try listing2())
        let fault = try SOAPFault(envelope: response)
        #expect(fault.subcode == SOAPFault.trust("RequestFailed"))
        #expect(!String(decoding: response.serialize(), as: UTF8.self).contains("Assertion"))
    }

    /// The transport's reading of the request's WS-Addressing headers is what the STS answers:
    /// the reply relates to the MessageID it was handed.
    @Test func addressingHeadersTheTransportReadAreAnswered() async throws {
        let request = try listing2()
        var read = try #require(try AddressingHeaders(reading: request))
        read.messageID = "urn:uuid:read-by-the-transport"
        let response = try await harness.send(request, context: STSRequestContext(addressing: read))
        #expect(response.bodyPayload?.localName == "RequestSecurityTokenResponseCollection")
        #expect(try AddressingHeaders(reading: response)?.relatesTo.first?.messageID == "urn:uuid:read-by-the-transport")
    }

    @Test func faultsCarryAddressingFaultReplyHeaders() async throws {
        let request = try listing2(signer: TestPKI.untrusted)
        let response = try await harness.send(request)
        let addressing = try #require(try AddressingHeaders(reading: response))
        #expect(addressing.action == WSAddressingVersion.v10.faultAction)
        #expect(addressing.relatesTo.first?.messageID == (try AddressingHeaders(reading: request))?.messageID)
    }
}
