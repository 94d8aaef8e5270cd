import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTLS
import SecurityCore
import SOAP
import TesseraCrypto
import Testing
import WSSecurity
import WSTrust
import X509
import XMLCore
@testable import TesseraServer

/// The gateway's signed Issue request of the token-transformation scenario over HTTP, SOAP 1.1 and
/// 1.2, on the endpoint and its ADFS aliases, answered with a signed Listing 3-shaped response.
struct IssueOverHTTPTests {
    static let issueAction = WSTrustVersion.v13.requestAction(.issue)

    func response(_ result: HTTPResult) throws -> SOAPEnvelope {
        try SOAPEnvelope(parsing: result.body)
    }

    @Test(arguments: SOAPVersionOnTheWire.allCases)
    func signedRequestGetsATokenInItsSOAPVersion(_ wire: SOAPVersionOnTheWire) async throws {
        try await TestServer.with { server in
            let version: SOAPVersion = wire == .soap11 ? .v11 : .v12
            let result = try await server.postSOAP(try TestPKI.signedRequest(version: version), version: wire, action: Self.issueAction)
            #expect(result.status == 200, "\(result.text)")
            #expect(result.header("Content-Type")?.hasPrefix(version.mediaType) == true)
            let envelope = try response(result)
            #expect(envelope.version == version)
            let collection = try RequestSecurityTokenResponseCollection(element: try #require(envelope.bodyPayload))
            let rstr = try #require(collection.responses.first)
            #expect(rstr.tokenType == .saml20)
            #expect(rstr.appliesTo?.address == TestPKI.helloService)
            #expect(rstr.requestedSecurityToken?.localName == "Assertion")

            // The response is signed by the STS; the gateway verifies it before trusting anything.
            var inbound = InboundSecurityConfiguration(
                trustStore: X509TrustStore(anchors: [try Certificate(pemEncoded: String(contentsOfFile: TestPKI.path("ca.cert.pem"), encoding: .utf8))]))
            inbound.replayCache = InMemoryReplayCache()
            let security = try await WSSecurityEngine(configuration: inbound).process(envelope)
            #expect(security.authenticatedCertificate == TestPKI.credential("sts").certificate)
        }
    }

    static let usernameMixedPaths = ["/adfs/services/trust/13/usernamemixed", "/adfs/services/trust/2005/usernamemixed"]

    /// certificatemixed is the X.509 endpoint under its ADFS name: the signed request gets a
    /// token, in a signed response, logged under the alias.
    @Test func certificateMixedTakesTheSignedRequest() async throws {
        try await TestServer.with { server in
            let path = "/adfs/services/trust/13/certificatemixed"
            let result = try await server.postSOAP(try TestPKI.signedRequest(), to: path, version: .soap12, action: Self.issueAction)
            #expect(result.status == 200, "\(result.text)")
            let envelope = try response(result)
            #expect(envelope.bodyPayload?.localName == "RequestSecurityTokenResponseCollection")
            #expect(Self.isSigned(envelope))
            let line = try #require(server.logs.all.first { $0.message == "sts request" })
            #expect(line.metadata["endpoint"] == STSRoutes(configuration: TestPKI.configuration()).endpoints.first { $0.path == path }?.name)
        }
    }

    /// The usernamemixed aliases accept only a UsernameToken: a request authenticated by its
    /// X.509 signature alone is refused there, even from a trusted requestor.
    @Test(arguments: usernameMixedPaths)
    func usernameMixedRefusesTheX509OnlyRequest(_ path: String) async throws {
        var configuration = TestPKI.configuration()
        configuration.users = [TestPKI.alice]
        try await TestServer.with(configuration) { server in
            let result = try await server.postSOAP(try TestPKI.signedRequest(), to: path, version: .soap12, action: Self.issueAction)
            #expect(result.status == 400)
            let fault = try SOAPFault(envelope: try response(result))
            #expect(fault.subcode == QName(WSTrustVersion.v13.namespace, "FailedAuthentication"))
        }
    }

    /// UsernameToken Profile 1.1 §4: a PasswordText travels only over TLS; over plain HTTP the
    /// security header is refused before the password is even checked.
    @Test(arguments: usernameMixedPaths)
    func usernameMixedRefusesPasswordTextOverPlainHTTP(_ path: String) async throws {
        var configuration = TestPKI.configuration()
        configuration.users = [TestPKI.alice]
        try await TestServer.with(configuration) { server in
            let result = try await server.postSOAP(try TestPKI.usernameRequest(), to: path, version: .soap12, action: Self.issueAction)
            #expect(result.status == 400, "\(result.text)")
            let fault = try SOAPFault(envelope: try response(result))
            #expect(fault.subcode == QName(WSSNamespace.secext, "InvalidSecurity"))
            #expect(fault.reason.contains("TLS"))
        }
    }

    /// Over TLS, a configured user's PasswordText gets a token about her, answered unsigned
    /// inside TLS as ADFS answers; a wrong password is refused.
    @Test func usernameMixedOverTLSIssuesToAConfiguredUser() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let caPair = try DevelopmentCertificate.KeyPair.ec(.p256)
        let ca = try DevelopmentCertificate.make(commonName: "test TLS CA", key: caPair.certificateKey, isCertificateAuthority: true, days: 1)
        let pair = try DevelopmentCertificate.KeyPair.ec(.p256)
        let certificate = try DevelopmentCertificate.make(
            commonName: "127.0.0.1", key: pair.certificateKey, days: 1,
            issuer: .init(key: caPair.certificateKey, certificate: ca))
        let caPEM = try ca.serializeAsPEM().pemString
        try Data(try certificate.serializeAsPEM().pemString.utf8).write(to: scratch.appendingPathComponent("tls.cert.pem"))
        try Data(pair.pem.utf8).write(to: scratch.appendingPathComponent("tls.key.pem"))

        var configuration = TestPKI.configuration()
        configuration.users = [TestPKI.alice]
        configuration.tls = .init(certificate: scratch.appendingPathComponent("tls.cert.pem").path, key: scratch.appendingPathComponent("tls.key.pem").path)
        try await TestServer.with(configuration, over: .loopback) { server in
            // Trust only the CA made above; its leaf names no IP address, so the name is not
            // checked.
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(caPEM.utf8), format: .pem)])
            tls.certificateVerification = .noHostnameVerification
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            func post(_ body: [UInt8]) async throws -> HTTPResult {
                var request = HTTPClientRequest(url: server.url + "/adfs/services/trust/13/usernamemixed")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/soap+xml; charset=utf-8; action=\"\(Self.issueAction)\"")
                request.body = .bytes(ByteBuffer(bytes: body))
                return try await HTTPResult(client.execute(request, timeout: .seconds(60)))
            }
            do {
                let issued = try await post(try TestPKI.usernameRequest())
                #expect(issued.status == 200, "\(issued.text)")
                let envelope = try response(issued)
                #expect(!Self.isSigned(envelope))
                let collection = try RequestSecurityTokenResponseCollection(element: try #require(envelope.bodyPayload))
                let assertion = try #require(collection.responses.first?.requestedSecurityToken)
                let nameID = assertion.descendantsAndSelf.first { $0.localName == "NameID" }
                #expect(nameID?.trimmedText == "alice")

                let refused = try await post(try TestPKI.usernameRequest(password: "not-her-password"))
                #expect(refused.status == 400)
                #expect(try SOAPFault(envelope: try response(refused)).subcode == QName(WSSNamespace.secext, "FailedAuthentication"))
            } catch {
                try await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    @Test func configuredPrefixMovesTheAliases() async throws {
        var configuration = TestPKI.configuration()
        configuration.adfs.prefix = "/trust"
        try await TestServer.with(configuration) { server in
            let moved = try await server.postSOAP(try TestPKI.signedRequest(), to: "/trust/13/certificatemixed", version: .soap12, action: Self.issueAction)
            #expect(moved.status == 200, "\(moved.text)")
            let movedUsername = try await server.postSOAP(
                try TestPKI.signedRequest(), to: "/trust/13/usernamemixed", version: .soap12, action: Self.issueAction)
            #expect(movedUsername.status == 400)
            for old in ["/adfs/services/trust/13/certificatemixed", "/adfs/services/trust/13/usernamemixed"] {
                let result = try await server.postSOAP(try TestPKI.signedRequest(), to: old, version: .soap12, action: Self.issueAction)
                #expect(result.status == 404)
            }
        }
    }

    /// Whether the response's security header carries a ds:Signature.
    static func isSigned(_ envelope: SOAPEnvelope) -> Bool {
        envelope.headerBlocks.contains { block in
            block.localName == "Security" && block.children.contains { $0.localName == "Signature" }
        }
    }

    /// ADFS clients put the action only in the HTTP layer: it is the request's action.
    @Test func soapActionStandsInForAMissingAddressingAction() async throws {
        try await TestServer.with { server in
            let body = try TestPKI.signedRequest(addressingAction: false)
            let result = try await server.post(
                "/sts", body: body, headers: [("Content-Type", "application/soap+xml; charset=utf-8"), ("SOAPAction", Self.issueAction)])
            #expect(result.status == 200, "\(result.text)")
            let line = try #require(server.logs.all.first { $0.message == "sts request" })
            #expect(line.metadata["action"] == Self.issueAction)
            #expect(line.metadata["outcome"] == "success")
        }
    }

    @Test func actionThatContradictsAddressingIsRefused() async throws {
        try await TestServer.with { server in
            let result = try await server.postSOAP(try TestPKI.signedRequest(), version: .soap12, action: "urn:something-else")
            #expect(result.status == 400)
            let fault = try SOAPFault(envelope: try response(result))
            #expect(fault.subcode == WSAddressingVersion.v10.invalidAddressingHeader.name)
        }
    }

    /// SOAP 1.2 Part 2 §7.5.1.2: a Sender fault is a 400; SOAP 1.1 §6.2: every fault a 500. The
    /// unmatched AppliesTo is logged with the configured patterns.
    @Test(arguments: SOAPVersionOnTheWire.allCases)
    func refusalIsAFaultWithTheBindingStatus(_ wire: SOAPVersionOnTheWire) async throws {
        try await TestServer.with { server in
            let version: SOAPVersion = wire == .soap11 ? .v11 : .v12
            let request = try TestPKI.signedRequest(version: version, appliesTo: "https://unknown.example/service")
            let result = try await server.postSOAP(request, version: wire, action: Self.issueAction)
            #expect(result.status == (wire == .soap11 ? 500 : 400))
            #expect(result.header("Content-Type")?.hasPrefix(version.mediaType) == true)
            let fault = try SOAPFault(envelope: try response(result))
            #expect(fault.subcode == QName(WSTrustVersion.v13.namespace, "InvalidScope"))
            let warning = try #require(server.logs.all.first { $0.message == "AppliesTo matches no relying party" })
            #expect(warning.level == .warning)
            #expect(warning.metadata["applies_to"] == "https://unknown.example/service")
            #expect(warning.metadata["configured"] == "hello: \(TestPKI.helloService)")
        }
    }
}
