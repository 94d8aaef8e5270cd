import Foundation
import SecurityCore
import SOAP
import STS
import Testing
import TesseraTestSupport
import WSSecurity
import WSTrust
import XMLCore
@testable import TesseraGateway

/// A provider domain that takes a UsernameToken: consumer identity → gateway → the real STS,
/// which issues a UsernameToken identity assertion with the name mapped into the provider's
/// domain → the provider receives that token exactly as issued, under the gateway's signature
/// over it, the Body, a fresh Timestamp and the WS-Addressing headers. All over loopback HTTP.
struct UsernameTokenChainTests {
    static let consumer = "jsmith@consumer.example"
    static let mapped = "jsmith@provider.example"

    /// Route `/hello` asks for a UsernameToken for the legacy service.
    static func usernameTokenRoute(_ configuration: inout GatewayConfiguration) {
        configuration.routes[0].appliesTo = Fixtures.legacyService
        configuration.routes[0].tokenType = "usernameToken"
    }

    func fault(_ result: HTTPResult) throws -> SOAPFault {
        try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
    }

    /// The `wsse:UsernameToken` elements of the security header of `message`.
    func headerTokens(_ message: [UInt8]) throws -> [XMLElement] {
        let envelope = try SOAPEnvelope(parsing: message)
        return try #require(try envelope.securityHeader()).children("UsernameToken", WSSNamespace.secext)
    }

    func canonical(_ element: XMLElement) throws -> [UInt8] {
        try element.document.canonicalize(element, method: .exclusive)
    }

    @Test(arguments: [SOAPVersion.v11, .v12])
    func theProviderReceivesTheIssuedUsernameTokenWithTheMappedName(_ version: SOAPVersion) async throws {
        try await Chain.with(configure: Self.usernameTokenRoute) { chain in
            let result = try await chain.post(ConsumerRequest.identity(version, username: Self.consumer), version: version)
            #expect(result.status == 200, "\(result.text)")
            #expect(try SOAPEnvelope(parsing: result.body).bodyPayload?.trimmedText == "Hello, \(Self.mapped)")
            let received = try #require(chain.provider.received.first)
            #expect(received.subject == Self.mapped)
            #expect(received.bodyText == "world")

            // One UsernameToken, the STS's, byte for byte in canonical form: same wsu:Id, Nonce,
            // Created; no password; the consumer's token is gone.
            let forwarded = try headerTokens(received.message)
            #expect(forwarded.count == 1)
            let token = try #require(forwarded.first)
            let answer = try SOAPEnvelope(parsing: try #require(chain.sts.answers.first))
            let rstr = try RequestSecurityTokenResponseCollection(element: try #require(answer.bodyPayload)).responses[0]
            let issued = try #require(rstr.requestedSecurityToken)
            #expect(try canonical(token) == canonical(issued))
            #expect(token.attribute("Id", WSSNamespace.utility) == received.tokenID)
            let parsed = try UsernameToken(element: token)
            #expect(parsed.username == Self.mapped)
            #expect(parsed.password == nil && parsed.nonce != nil && parsed.created != nil)
            #expect(!String(decoding: received.message, as: UTF8.self).contains(Self.consumer))
            #expect(chain.stsCalls == 1)
        }
    }

    /// The route's STS speaks the WS-Trust February 2005 submission over SOAP 1.1.
    @Test func theUsernameTokenCanComeFromAWSTrust2005STS() async throws {
        try await Chain.with(configure: { configuration in
            Self.usernameTokenRoute(&configuration)
            configuration.routes[0].sts.trustVersion = "2005-02"
            configuration.routes[0].sts.soapVersion = "1.1"
        }) { chain in
            let result = try await chain.post(ConsumerRequest.identity(.v12, username: Self.consumer), version: .v12)
            #expect(result.status == 200, "\(result.text)")
            #expect(chain.provider.received.first?.subject == Self.mapped)
            let answer = try SOAPEnvelope(parsing: try #require(chain.sts.answers.first))
            #expect(answer.bodyPayload?.namespaceURI == WSTrustVersion.v200502.namespace)
        }
    }

    /// The token is cached for the RSTR's Lifetime (300 s for this party, less the margin): the
    /// second request is forwarded with the same token, under a new Timestamp and signature.
    @Test func theIssuedTokenIsCachedAndEachForwardIsSignedAfresh() async throws {
        try await Chain.with(configure: Self.usernameTokenRoute) { chain in
            for _ in 0..<2 {
                let result = try await chain.post(ConsumerRequest.identity(.v12, username: Self.consumer), version: .v12)
                #expect(result.status == 200, "\(result.text)")
            }
            #expect(chain.stsCalls == 1)
            let received = chain.provider.received
            try #require(received.count == 2)
            #expect(received[0].tokenID == received[1].tokenID)
            let signatures = try received.map { message -> String in
                let security = try #require(try SOAPEnvelope(parsing: message.message).securityHeader())
                return try #require(
                    security.firstChild("Signature", "http://www.w3.org/2000/09/xmldsig#")?
                        .firstChild("SignatureValue", "http://www.w3.org/2000/09/xmldsig#")?.trimmedText)
            }
            #expect(signatures[0] != signatures[1])
        }
    }

    /// The route asks for a UsernameToken, the STS's party for that AppliesTo issues SAML: the
    /// gateway does not forward what the route did not ask for.
    @Test func aTokenOfAnotherTypeThanTheRouteAsksForIsNotForwarded() async throws {
        try await Chain.with(configure: { $0.routes[0].tokenType = "usernameToken" }) { chain in
            let result = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
            #expect(result.status == 500)
            #expect(try fault(result).subcode == WSSFaultCode.securityTokenUnavailable.name)
            #expect(chain.stsCalls == 1)
            #expect(chain.provider.received.isEmpty)
        }
    }

    /// Someone on the way changes the name in the issued token: the STS's signature over the
    /// Body no longer verifies, and nothing is forwarded.
    @Test func aUsernameTokenChangedAfterTheSTSSignedItIsNotUsed() async throws {
        try await Chain.with(configure: Self.usernameTokenRoute) { chain in
            chain.sts.rewrite.withLock {
                $0 = { answer in
                    let text = String(decoding: answer.serialize(), as: UTF8.self).replacingOccurrences(of: Self.mapped, with: "admin@provider.example")
                    return try! SOAPEnvelope(parsing: Array(text.utf8))
                }
            }
            let result = try await chain.post(ConsumerRequest.identity(.v12, username: Self.consumer), version: .v12)
            #expect(try fault(result).subcode == WSSFaultCode.securityTokenUnavailable.name)
            #expect(chain.stsCalls == 1)
            #expect(chain.provider.received.isEmpty)
        }
    }

    /// An STS answer, signed with the STS's key over Body, Timestamp and addressing headers,
    /// whose RequestedSecurityToken only references a UsernameToken placed in the unsigned
    /// security header (a form WS-Trust 1.3 §4.3 allows): the token is outside what the STS
    /// signed, so it is not used.
    @Test func aUsernameTokenOutsideTheSTSSignatureIsNotUsed() async throws {
        let stsKey = Fixtures.credential("sts")
        try await Chain.with(configure: Self.usernameTokenRoute) { chain in
            chain.sts.rewrite.withLock {
                $0 = { answer in
                    let envelope = try! SOAPEnvelope(parsing: answer.serialize())
                    try! envelope.securityHeader()?.remove()
                    let requested = envelope.body.descendantsAndSelf.first { $0.localName == "RequestedSecurityToken" }!
                    let token = requested.children[0]
                    let id = token.attribute("Id", WSSNamespace.utility)!
                    let forged = try! XMLDocument(
                        parsing: Array(
                            String(decoding: token.document.serialize(token), as: UTF8.self)
                                .replacingOccurrences(of: Self.mapped, with: "admin@provider.example").utf8)
                    ).root
                    token.remove()
                    SecurityTokenReference.write(.reference(uri: "#" + id, valueType: WSSURI.usernameToken), into: requested)
                    var builder = SecurityHeaderBuilder()
                    var signature = SecurityHeaderBuilder.SignatureOptions(credential: stsKey)
                    signature.parts = [.body, .timestamp, .addressingHeaders]
                    builder.signature = signature
                    try! builder.secure(envelope)
                    try! envelope.securityHeader()!.addCopy(of: forged)
                    return envelope
                }
            }
            let result = try await chain.post(ConsumerRequest.identity(.v12, username: Self.consumer), version: .v12)
            #expect(try fault(result).subcode == WSSFaultCode.securityTokenUnavailable.name)
            // The rewritten answer is well signed: it is the token's place that is refused.
            let answer = try SOAPEnvelope(parsing: try #require(chain.sts.answers.first))
            var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [], pinned: [stsKey.certificate]))
            inbound.replayCache = InMemoryReplayCache()
            var policy = SecurityPolicy()
            policy.signedParts = [.body, .timestamp, .addressingHeaders]
            let security = try await WSSecurityEngine(configuration: inbound, policy: policy).process(answer)
            #expect(security.authenticatedCertificate == stsKey.certificate)
            #expect(try headerTokens(answer.serialize()).count == 1)
            #expect(chain.provider.received.isEmpty)
        }
    }

    @Test func theGatewayAcceptsTheUsernameTokenTypeByNameOrURI() throws {
        for name in ["usernameToken", TokenType.usernameToken.rawValue] {
            var configuration = Fixtures.gatewayConfiguration(sts: "http://127.0.0.1:1/sts", provider: "http://127.0.0.1:2/hello")
            configuration.routes[0].tokenType = name
            let route = try configuration.settings().routes[0]
            #expect(route.tokenType == .usernameToken)
        }
    }
}

/// Apache WSS4J, as the provider, processes what the gateway forwards: it verifies the
/// gateway's signature (trusting the test CA) over the UsernameToken, the Body, the Timestamp and
/// the WS-Addressing headers, and reads the mapped name from the token; a name changed after the
/// gateway signed is refused.
@Suite("WSS4J accepts the gateway's UsernameToken identity assertion", .tags(.interop))
struct UsernameTokenWSS4JInteropTests {
    static let gatewaySubject = "OU=TEST ONLY - NOT FOR PRODUCTION,O=Tessera Test PKI,CN=gateway.tessera.test"

    func forwarded() async throws -> [UInt8] {
        try await Chain.with(configure: UsernameTokenChainTests.usernameTokenRoute) { chain in
            let result = try await chain.post(ConsumerRequest.identity(.v11, username: UsernameTokenChainTests.consumer), version: .v11)
            try #require(result.status == 200, "\(result.text)")
            return try #require(chain.provider.received.first).message
        }
    }

    @Test(.requiresWSS4J) func wss4jVerifiesTheGatewaySignatureOverTheUsernameToken() async throws {
        let result = try await WSS4J.run("verify-identity-assertion", on: try await forwarded())
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains("username \(UsernameTokenChainTests.mapped)"), "\(result.stdoutText)")
        let signed = try #require(lines.first { $0.hasPrefix("signed ") }, "\(result.stdoutText)")
        let wsse = WSSNamespace.secext, wsu = WSSNamespace.utility, wsa = WSAddressingVersion.v10.namespace
        for part in ["{\(SOAPVersion.v11.namespace)}Body", "{\(wsu)}Timestamp", "{\(wsse)}UsernameToken", "{\(wsa)}To", "{\(wsa)}Action", "{\(wsa)}MessageID"] {
            #expect(signed.contains(part + " "), "\(part) is not reported signed: \(signed)")
        }
        #expect(signed.hasSuffix(" by \(Self.gatewaySubject)"), "\(signed)")
    }

    @Test(.requiresWSS4J) func wss4jRefusesANameChangedAfterTheGatewaySigned() async throws {
        let message = String(decoding: try await forwarded(), as: UTF8.self)
        let tampered = message.replacingOccurrences(of: ">\(UsernameTokenChainTests.mapped)<", with: ">admin@provider.example<")
        #expect(tampered != message)
        let result = try await WSS4J.run("verify-identity-assertion", on: Array(tampered.utf8))
        #expect(result.status != 0, "WSS4J accepted a changed UsernameToken: \(result.stdoutText)")
        #expect(result.stderr.contains("WSSecurityException"), "\(result.stderr)")
    }

    /// Without being told to accept a UsernameToken without password, WSS4J refuses one: the
    /// provider's configuration is what makes it an identity assertion.
    @Test(.requiresWSS4J) func wss4jRefusesAPasswordlessTokenUnlessConfiguredForIdentityAssertions() async throws {
        let result = try await WSS4J.run("verify", on: try await forwarded())
        #expect(result.status != 0, "\(result.stdoutText)")
        #expect(result.stderr.contains("could not be authenticated"), "\(result.stderr)")
    }
}
