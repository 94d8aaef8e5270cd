import Foundation
import SOAP
import Testing
import WSSecurity
import WSTrust
import X509
import XMLCore
@testable import TesseraServer

/// The seed's signed Issue request over HTTP, SOAP 1.1 and 1.2, on the endpoint and its ADFS
/// aliases, answered with a signed Listing 3-shaped response.
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
            var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [try Certificate(pemEncoded: String(contentsOfFile: TestPKI.path("ca.cert.pem"), encoding: .utf8))]))
            inbound.replayCache = InMemoryReplayCache()
            let security = try await WSSecurityEngine(configuration: inbound).process(envelope)
            #expect(security.signingCertificate == TestPKI.credential("sts").certificate)
        }
    }

    @Test(arguments: ["/adfs/services/trust/13/certificatemixed", "/adfs/services/trust/13/usernamemixed", "/adfs/services/trust/2005/usernamemixed"])
    func adfsAliasesReachTheSameService(_ path: String) async throws {
        try await TestServer.with { server in
            let result = try await server.postSOAP(try TestPKI.signedRequest(), to: path, version: .soap12, action: Self.issueAction)
            #expect(result.status == 200, "\(result.text)")
            #expect(try response(result).bodyPayload?.localName == "RequestSecurityTokenResponseCollection")
            let line = try #require(server.logs.all.first { $0.message == "sts request" })
            #expect(line.metadata["endpoint"] == STSRoutes(configuration: TestPKI.configuration()).endpoints.first { $0.path == path }?.name)
        }
    }

    @Test func configuredPrefixMovesTheAliases() async throws {
        var configuration = TestPKI.configuration()
        configuration.adfs.prefix = "/trust"
        try await TestServer.with(configuration) { server in
            let moved = try await server.postSOAP(try TestPKI.signedRequest(), to: "/trust/13/usernamemixed", version: .soap12, action: Self.issueAction)
            #expect(moved.status == 200)
            let old = try await server.postSOAP(try TestPKI.signedRequest(), to: "/adfs/services/trust/13/usernamemixed", version: .soap12, action: Self.issueAction)
            #expect(old.status == 404)
        }
    }

    /// ADFS clients put the action only in the HTTP layer: it is the request's action.
    @Test func soapActionStandsInForAMissingAddressingAction() async throws {
        try await TestServer.with { server in
            let body = try TestPKI.signedRequest(addressingAction: false)
            let result = try await server.post("/sts", body: body, headers: [("Content-Type", "application/soap+xml; charset=utf-8"), ("SOAPAction", Self.issueAction)])
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
