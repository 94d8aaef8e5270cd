import Foundation
import SAML
import SOAP
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore
@testable import STS

/// Seed 004 end to end, in process: the gateway's signed RST (Listing 2) in, the STS's signed
/// Listing 3 response out, and every refusal answered with the right fault.
struct SecurityTokenServiceTests {
    static func credential(_ name: String) -> X509Credential {
        X509Credential(privateKey: try! PrivateKey(pemRepresentation: SAMLTokenIssuerTests.pem("\(name).key.pem")),
                       certificate: try! Certificate(pemEncoded: SAMLTokenIssuerTests.pem("\(name).cert.pem")))
    }
    static let gateway = credential("gateway")
    static let sts = credential("sts")
    static let ca = SAMLTokenIssuerTests.ca
    static let wsse = WSSNamespace.secext

    func service(mayDelegate: Bool = true, replayCache: any ReplayCache = InMemoryReplayCache()) -> SecurityTokenService {
        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [Self.ca]))
        inbound.replayCache = replayCache
        var configuration = STSConfiguration(
            issuerName: "https://sts.tessera.test", signingCredential: Self.sts,
            relyingParties: RelyingPartyRegistry(parties: [RelyingParty(name: "hello", addresses: [.exact("http://testHost/HelloService")])]),
            inbound: inbound,
            requestors: [TrustedRequestor(name: "gateway", certificate: Self.gateway.certificate, mayDelegate: mayDelegate)])
        configuration.nameQualifier = "STS"
        configuration.lifetimes = LifetimePolicy(defaultLifetime: 360, maximumLifetime: 3600)
        return SecurityTokenService(configuration: configuration)
    }

    /// Listing 2: RequestType Issue, AppliesTo, OnBehalfOf the consumer's UsernameToken, TokenType SAML 2.0.
    func listing2(version: WSTrustVersion = .v13, appliesTo: String = "http://testHost/HelloService", onBehalfOf: UsernameToken? = UsernameToken(username: "jdoe", password: nil),
                  lifetime: Lifetime? = nil, signer: X509Credential? = gateway, requestType: RequestType = .issue) throws -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: .v12)
        AddressingHeaders(version: .v10, to: "https://sts.tessera.test/sts", action: version.requestAction(requestType),
                          messageID: AddressingHeaders.newMessageID()).write(to: envelope)
        var rst = RequestSecurityToken(version: version, requestType: requestType)
        rst.appliesTo = AppliesTo(address: appliesTo)
        rst.tokenType = .saml20
        rst.lifetime = lifetime
        if let onBehalfOf {
            let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
            rst.onBehalfOf = onBehalfOf.write(into: holder.root)
        }
        rst.write(into: envelope.body)
        if let signer {
            var builder = SecurityHeaderBuilder()
            builder.signature = .init(credential: signer)
            try builder.secure(envelope)
        }
        return try SOAPEnvelope(parsing: envelope.serialize())
    }

    func fault(_ response: SOAPEnvelope) throws -> SOAPFault {
        try SOAPFault(envelope: try SOAPEnvelope(parsing: response.serialize()))
    }

    @Test func gatewayGetsASignedSenderVouchesAssertionForJdoe() async throws {
        let response = try SOAPEnvelope(parsing: await service().handle(try listing2()).serialize())
        // The gateway verifies the STS's response signature before trusting anything in it.
        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [Self.ca]))
        inbound.replayCache = InMemoryReplayCache()
        let security = try await WSSecurityEngine(configuration: inbound).process(response)
        #expect(security.signingCertificate == Self.sts.certificate)
        #expect(try AddressingHeaders(reading: response)?.action == WSTrustVersion.v13.responseAction(.issue))

        let collection = try RequestSecurityTokenResponseCollection(element: try #require(response.bodyPayload))
        let rstr = try #require(collection.responses.first)
        #expect(rstr.tokenType == .saml20)
        #expect(rstr.appliesTo?.address == "http://testHost/HelloService")
        let assertion = try #require(rstr.requestedSecurityToken)
        let validated = try await SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [Self.ca])) {
            SAMLAudiencePolicy(audience: "http://testHost/HelloService")
            SAMLSubjectConfirmationPolicy(allowed: [.senderVouches])
        }.validate(serialized: assertion.document.serialize(assertion))
        #expect(validated.facts.subjects.first?.name == "jdoe")
        let nameID = try #require(assertion.descendantsAndSelf.first { $0.localName == "NameID" })
        #expect(nameID.attribute("NameQualifier") == "STS")
    }

    @Test func february2005RequestIsAnsweredInKind() async throws {
        let response = try SOAPEnvelope(parsing: await service().handle(try listing2(version: .v200502)).serialize())
        let rstr = try RequestSecurityTokenResponse(element: try #require(response.bodyPayload))
        #expect(rstr.version == .v200502)
        #expect(try AddressingHeaders(reading: response)?.action == WSTrustVersion.v200502.responseAction(.issue))
    }

    static let refusals: [(String, QName)] = [
        ("untrusted signer", WSSFaultCode.failedAuthentication.name),
        ("unsigned request", WSSFaultCode.invalidSecurity.name),
        ("unknown AppliesTo", QName(WSTrustVersion.v13.namespace, "InvalidScope")),
        ("lifetime beyond the maximum", QName(WSTrustVersion.v13.namespace, "InvalidTimeRange")),
        ("Validate on the issue endpoint", QName(WSTrustVersion.v13.namespace, "InvalidRequest")),
        ("OnBehalfOf carrying a password", QName(WSTrustVersion.v13.namespace, "InvalidRequest")),
    ]

    @Test(arguments: refusals.indices)
    func refusalsAreFaults(_ index: Int) async throws {
        let (why, code) = Self.refusals[index]
        let now = Date()
        let request: SOAPEnvelope = switch why {
        case "untrusted signer": try listing2(signer: Self.credential("untrusted"))
        case "unsigned request": try listing2(signer: nil)
        case "unknown AppliesTo": try listing2(appliesTo: "https://elsewhere.example/")
        case "lifetime beyond the maximum": try listing2(lifetime: Lifetime(created: now, expires: now.addingTimeInterval(86_400)))
        case "Validate on the issue endpoint": try listing2(requestType: .validate)
        default: try listing2(onBehalfOf: UsernameToken(username: "jdoe", password: .text("secret")))
        }
        let fault = try fault(await service().handle(request))
        #expect(fault.subcode == code, "\(why): \(fault)")
        #expect(!fault.reason.isEmpty)
    }

    /// The gateway signs only the Timestamp; another CA-trusted key signs the Body. The request is
    /// the Body's signer's, and that signer is no requestor.
    @Test func requestorIsTheSignerOfTheBody() async throws {
        let envelope = try listing2(signer: nil)
        var first = SecurityHeaderBuilder()
        var timestampOnly = SecurityHeaderBuilder.SignatureOptions(credential: Self.gateway)
        timestampOnly.parts = [.timestamp]
        first.signature = timestampOnly
        try first.secure(envelope)
        var second = SecurityHeaderBuilder()
        second.timestampLifetime = nil
        var bodyOnly = SecurityHeaderBuilder.SignatureOptions(credential: Self.credential("service"))
        bodyOnly.parts = [.body]
        second.signature = bodyOnly
        try second.secure(envelope)
        let fault = try fault(await service().handle(try SOAPEnvelope(parsing: envelope.serialize())))
        #expect(fault.subcode == QName(WSTrustVersion.v13.namespace, "FailedAuthentication"))
    }

    @Test func requestorNotAllowedToDelegateIsRefused() async throws {
        let fault = try fault(await service(mayDelegate: false).handle(try listing2()))
        #expect(fault.subcode == QName(WSTrustVersion.v13.namespace, "FailedAuthentication"))
    }

    @Test func onBehalfOfNonceIsReplayChecked() async throws {
        let cache = InMemoryReplayCache()
        var token = UsernameToken(username: "jdoe", password: nil, nonce: Array(repeating: 1, count: 16), created: Date())
        token.createdText = XSDDateTime.format(token.created!)
        let first = try SOAPEnvelope(parsing: await service(replayCache: cache).handle(try listing2(onBehalfOf: token)).serialize())
        #expect(first.bodyPayload?.localName == "RequestSecurityTokenResponseCollection")
        let second = try fault(await service(replayCache: cache).handle(try listing2(onBehalfOf: token)))
        #expect(second.subcode == QName(WSTrustVersion.v13.namespace, "InvalidSecurityToken"))
    }
}
