import Foundation
import SOAP
import Testing
@testable import TesseraServer

/// What the endpoint refuses before the token service sees it, and that refusals say nothing
/// about the server's insides.
struct MalformedRequestTests {
    static let internalWords = ["libxml", "parser error", "line ", "column", "/work", "/tmp", "Swift", "Fatal", ".swift", "XMLError", "SOAPError"]

    func expectNoInternalDetail(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in Self.internalWords {
            #expect(!text.contains(word), "the response mentions '\(word)': \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func oversizedBodyIs413() async throws {
        var configuration = TestPKI.configuration()
        configuration.endpoint.maxRequestBytes = 4096
        try await TestServer.with(configuration) { server in
            let request = try TestPKI.signedRequest()
            #expect(request.count > 4096)
            let result = try await server.postSOAP(request, version: .soap12, action: nil)
            #expect(result.status == 413)
            #expect(try await server.metric("tessera_sts_requests_total", ["endpoint": "sts", "binding": "soap12", "outcome": "payload_too_large"]) == 1)
        }
    }

    static let malformed: [(String, [UInt8])] = [
        ("not XML", Array("this is not xml <".utf8)),
        ("truncated", Array("<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body>".utf8)),
        (
            "DOCTYPE with an external entity",
            Array(
                """
                <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>&e;</soap:Body></soap:Envelope>
                """.utf8)
        ),
        (
            "too deep",
            Array(
                ("<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body>"
                    + String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200) + "</soap:Body></soap:Envelope>").utf8)
        ),
        (
            "two Bodies",
            Array(
                """
                <soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body/><soap:Body/></soap:Envelope>
                """.utf8)
        ),
    ]

    @Test(arguments: malformed.indices, SOAPVersionOnTheWire.allCases)
    func malformedXMLIsAFaultWithoutDetail(_ index: Int, _ wire: SOAPVersionOnTheWire) async throws {
        let (why, body) = Self.malformed[index]
        let version: SOAPVersion = wire == .soap11 ? .v11 : .v12
        let bytes =
            wire == .soap11
            ? Array(
                String(decoding: body, as: UTF8.self)
                    .replacingOccurrences(of: SOAPVersion.namespace12, with: SOAPVersion.namespace11).utf8) : body
        try await TestServer.with { server in
            let result = try await server.postSOAP(bytes, version: wire, action: nil)
            #expect(result.status == (wire == .soap11 ? 500 : 400), "\(why)")
            #expect(result.header("Content-Type")?.hasPrefix(version.mediaType) == true, "\(why)")
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
            #expect(fault.code == .sender, "\(why)")
            expectNoInternalDetail(result.text)
        }
    }

    @Test func envelopeOfTheOtherVersionIsAVersionMismatch() async throws {
        try await TestServer.with { server in
            let result = try await server.postSOAP(try TestPKI.signedRequest(version: .v11), version: .soap12, action: nil)
            #expect(result.status == 500)
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
            #expect(fault.code == .versionMismatch)
        }
    }

    @Test func otherMediaTypesAre415() async throws {
        try await TestServer.with { server in
            let result = try await server.post("/sts", body: try TestPKI.signedRequest(), headers: [("Content-Type", "application/json")])
            #expect(result.status == 415)
            #expect(try await server.metric("tessera_sts_requests_total", ["endpoint": "sts", "binding": "unknown", "outcome": "unsupported_media_type"]) == 1)
        }
    }

    @Test func getWithoutWSDLQueryIsNotFound() async throws {
        try await TestServer.with { server in
            let result = try await server.get("/sts")
            #expect(result.status == 404)
        }
    }
}
