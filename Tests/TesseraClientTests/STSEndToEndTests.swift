import Foundation
import SAML
import SecurityCore
import SOAP
import Testing
import TesseraClient
import WSSecurity
import WSTrust
import X509
import XMLCore

/// The token-transformation scenario over a real socket: HTTPSOAPTransport posts the client's
/// signed RST to a loopback Hummingbird route that hands it to the in-process SecurityTokenService,
/// and the client checks the STS's signed answer before returning the assertion.
struct STSEndToEndTests {
    static func configuration(
        _ url: String, soap: SOAPVersion = .v12, trust: WSTrustVersion = .v13,
        signer: String = "gateway", stsCertificate: String = "sts"
    ) throws -> STSClientConfiguration {
        var configuration = STSClientConfiguration(endpoint: url, security: .x509Signature(try TestPKI.credential(signer)))
        configuration.soapVersion = soap
        configuration.trustVersion = trust
        configuration.stsCertificate = try TestPKI.certificate(stsCertificate)
        return configuration
    }

    /// Listing 2's request: Issue for HelloService on behalf of jdoe, SAML 2.0.
    static func listing2(appliesTo: String = TestSTS.helloService) -> TokenRequest {
        var request = TokenRequest(.issue)
        request.appliesTo = appliesTo
        request.tokenType = .saml20
        request.onBehalfOf = .identity(username: "jdoe")
        return request
    }

    /// Sends `request` over HTTP to a fresh loopback STS and returns the client's result.
    static func exchange(
        _ request: TokenRequest, soap: SOAPVersion = .v12, trust: WSTrustVersion = .v13, signer: String = "gateway",
        stsCertificate: String = "sts", alter: @escaping @Sendable ([UInt8]) -> [UInt8] = { $0 }
    ) async throws -> STSResponse {
        try await LoopbackServer.withSTS(try TestSTS.service(), alter: alter) { url in
            try await HTTPSOAPTransport.using(url) { transport in
                let configuration = try configuration(url, soap: soap, trust: trust, signer: signer, stsCertificate: stsCertificate)
                return try await STSClient(transport: transport, configuration: configuration).send(request)
            }
        }
    }

    @Test(arguments: [SOAPVersion.v12, .v11])
    func signedIssueGetsAVerifiedSAML20AssertionForJdoe(_ soap: SOAPVersion) async throws {
        let response = try await Self.exchange(Self.listing2(), soap: soap)
        #expect(response.envelope.version == soap)
        #expect(response.verifiedSigner == (try TestPKI.certificate("sts")))
        #expect(response.addressing?.action == WSTrustVersion.v13.responseAction(.issue))
        let rstr = response.response
        #expect(rstr.version == .v13)
        #expect(rstr.tokenType == .saml20)
        #expect(rstr.appliesTo?.address == TestSTS.helloService)
        let lifetime = try #require(rstr.lifetime)
        let created = try #require(lifetime.created), expires = try #require(lifetime.expires)
        #expect(abs(expires.timeIntervalSince(created) - 360) < 0.001)
        #expect(response.proofKey == nil)

        // The assertion's bytes on their own, as a relying party receives them (Listing 4).
        let bytes = try #require(response.issuedTokenBytes)
        let validated = try await SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [try TestPKI.certificate("ca")])) {
            SAMLAudiencePolicy(audience: TestSTS.helloService)
            SAMLSubjectConfirmationPolicy(allowed: [.senderVouches])
        }.validate(serialized: bytes)
        #expect(validated.facts.subjects.first?.name == "jdoe")
        #expect(validated.facts.issuer == TestSTS.issuerName)
        #expect(response.issuedTokenID == response.issuedToken?.attribute("ID"))
        #expect(response.issuedTokenID?.isEmpty == false)
    }

    @Test func february2005RequestIsAnsweredInKind() async throws {
        let response = try await Self.exchange(Self.listing2(), trust: .v200502)
        #expect(response.response.version == .v200502)
        #expect(response.response.tokenType == .saml20)
        #expect(response.addressing?.action == WSTrustVersion.v200502.responseAction(.issue))
        #expect(response.verifiedSigner != nil)
    }

    @Test(arguments: WSTrustVersion.allCases)
    func unknownAppliesToIsAnInvalidScopeFault(_ version: WSTrustVersion) async throws {
        let error = await #expect(throws: STSClientError.self) {
            _ = try await Self.exchange(Self.listing2(appliesTo: "https://elsewhere.example/"), trust: version)
        }
        #expect(error?.code == .fault)
        #expect(error?.faultCode == QName(version.namespace, "InvalidScope"))
        #expect(error?.securityFaultCode?.description == "wst:InvalidScope")
        #expect(error?.fault?.reason.isEmpty == false)
        #expect(error?.description.hasPrefix("wst:InvalidScope: ") == true)
    }

    @Test func untrustedRequestorIsAFailedAuthenticationFault() async throws {
        let error = await #expect(throws: STSClientError.self) { _ = try await Self.exchange(Self.listing2(), signer: "untrusted") }
        #expect(error?.code == .fault)
        #expect(error?.faultCode?.localName == "FailedAuthentication")
    }

    /// A man in the middle renames the subject in the signed answer: the response signature
    /// (over the Body holding the assertion) no longer verifies.
    @Test func tamperedResponseFailsVerification() async throws {
        let alter: @Sendable ([UInt8]) -> [UInt8] = { bytes in
            Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: ">jdoe<", with: ">mallory<").utf8)
        }
        let error = await #expect(throws: STSClientError.self) { _ = try await Self.exchange(Self.listing2(), alter: alter) }
        #expect(error?.code == .responseNotVerified)
        #expect(error?.reason.contains("FailedCheck") == true, "\(String(describing: error))")
    }

    @Test func answerSignedByAnotherSTSThanConfiguredIsRefused() async throws {
        let error = await #expect(throws: STSClientError.self) { _ = try await Self.exchange(Self.listing2(), stsCertificate: "service") }
        #expect(error?.code == .responseNotVerified)
    }
}
