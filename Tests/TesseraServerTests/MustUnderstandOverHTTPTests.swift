import Foundation
import SOAP
import SecureConversation
import TesseraSamples
import TesseraServer
import Testing
import XMLCore

/// A header block targeted at the server and marked `mustUnderstand` that the endpoint does not
/// process is refused with a `MustUnderstand` fault before the message is processed (SOAP 1.1
/// §4.2.3, SOAP 1.2 Part 1 §5.2.3); a SOAP 1.2 fault names the block in a `NotUnderstood`
/// header (§5.4.8). Blocks targeted at another role, and blocks not marked, are left alone.
@Suite struct MustUnderstandOverHTTPTests {
    static let ticket = QName("urn:example:unknown", "Ticket")
    static let certificateMixed = "/adfs/services/trust/13/certificatemixed"

    /// `request` with an `ex:Ticket` header block appended, its `mustUnderstand` attribute set to
    /// `mustUnderstand` (none when nil) and its `actor`/`role` to `role` (none when nil).
    static func addingTicket(to request: [UInt8], mustUnderstand: String?, role: String? = nil) throws -> [UInt8] {
        let envelope = try SOAPEnvelope(parsing: request)
        let block = envelope.addHeaderBlock(ticket.localName, ticket.namespace!, prefix: "ex")
        block.setText("opaque")
        let prefix = envelope.envelope.prefix
        if let mustUnderstand { block.setAttribute("mustUnderstand", envelope.version.namespace, prefix: prefix, value: mustUnderstand) }
        if let role { block.setAttribute(envelope.version.roleAttributeName, envelope.version.namespace, prefix: prefix, value: role) }
        return envelope.serialize()
    }

    /// Expects `body` to be a MustUnderstand fault of `version` naming `ex:Ticket` (in a SOAP 1.2
    /// `NotUnderstood` header block).
    static func expectMustUnderstandFault(
        _ status: Int, _ body: [UInt8], version: SOAPVersion,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let envelope = try SOAPEnvelope(parsing: body)
        let fault = try SOAPFault(envelope: envelope)
        #expect(fault.code == .mustUnderstand, "\(fault)", sourceLocation: sourceLocation)
        #expect(status == 500, sourceLocation: sourceLocation)
        let notUnderstood = envelope.headerBlocks.filter { $0.is("NotUnderstood", SOAPVersion.namespace12) }
        if version == .v12 {
            let qname = try #require(notUnderstood.first?.attribute("qname"), sourceLocation: sourceLocation)
            #expect(try notUnderstood[0].resolveQName(qname) == ticket, sourceLocation: sourceLocation)
            #expect(notUnderstood.count == 1, sourceLocation: sourceLocation)
        } else {
            #expect(notUnderstood.isEmpty, sourceLocation: sourceLocation)
        }
        #expect(!String(decoding: body, as: UTF8.self).contains("opaque"), sourceLocation: sourceLocation)
    }

    static func wire(_ version: SOAPVersion) -> SOAPVersionOnTheWire { version == .v11 ? .soap11 : .soap12 }

    @Test(
        "An unknown mandatory header is a MustUnderstand fault on /sts and an ADFS alias",
        arguments: SOAPVersion.allCases, ["/sts", certificateMixed])
    func unknownMandatoryHeaderOnTokenService(_ version: SOAPVersion, _ path: String) async throws {
        try await TestServer.with { server in
            let request = try Self.addingTicket(to: try TestPKI.signedRequest(version: version), mustUnderstand: version.mustUnderstandTrue)
            let result = try await server.postSOAP(request, to: path, version: Self.wire(version), action: nil)
            try Self.expectMustUnderstandFault(result.status, result.body, version: version)
        }
    }

    @Test("Both spellings of true are read in either version", arguments: SOAPVersion.allCases, ["1", "true"])
    func bothSpellings(_ version: SOAPVersion, _ value: String) async throws {
        try await TestServer.with { server in
            let request = try Self.addingTicket(to: try TestPKI.signedRequest(version: version), mustUnderstand: value)
            let result = try await server.postSOAP(request, version: Self.wire(version), action: nil)
            try Self.expectMustUnderstandFault(result.status, result.body, version: version)
        }
    }

    @Test("A mandatory header targeted at the next node must be understood too", arguments: SOAPVersion.allCases)
    func targetedAtNext(_ version: SOAPVersion) async throws {
        try await TestServer.with { server in
            let request = try Self.addingTicket(
                to: try TestPKI.signedRequest(version: version), mustUnderstand: version.mustUnderstandTrue,
                role: version.nextRoleURI)
            let result = try await server.postSOAP(request, version: Self.wire(version), action: nil)
            try Self.expectMustUnderstandFault(result.status, result.body, version: version)
        }
    }

    @Test("Unknown headers that are optional or targeted at another node are accepted", arguments: SOAPVersion.allCases)
    func optionalOrElsewhereIsAccepted(_ version: SOAPVersion) async throws {
        try await TestServer.with { server in
            let variants: [(String?, String?)] =
                [(version.mustUnderstandFalse, nil), (nil, nil), (version.mustUnderstandTrue, "urn:example:another-node")]
                + (version == .v12 ? [(version.mustUnderstandTrue, "http://www.w3.org/2003/05/soap-envelope/role/none")] : [])
            for (mustUnderstand, role) in variants {
                let request = try Self.addingTicket(to: try TestPKI.signedRequest(version: version), mustUnderstand: mustUnderstand, role: role)
                let result = try await server.postSOAP(request, version: Self.wire(version), action: nil)
                #expect(result.status == 200, "mustUnderstand \(mustUnderstand ?? "-"), role \(role ?? "-"): \(result.text)")
                #expect(try SOAPEnvelope(parsing: result.body).bodyPayload?.localName != "Fault")
            }
        }
    }

    @Test("A mustUnderstand value that is not a boolean is a Sender fault", arguments: SOAPVersion.allCases)
    func invalidValue(_ version: SOAPVersion) async throws {
        try await TestServer.with { server in
            let request = try Self.addingTicket(to: try TestPKI.signedRequest(version: version), mustUnderstand: "yes")
            let result = try await server.postSOAP(request, version: Self.wire(version), action: nil)
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
            #expect(fault.code == .sender)
            #expect(fault.subcode == nil)
        }
    }

    @Test(
        "The secure-conversation endpoint refuses an unknown mandatory header and accepts an optional one",
        arguments: [(SecureConversationVersion.v13, SOAPVersion.v12), (.v200502, .v11)])
    func secureConversationEndpoint(_ version: SecureConversationVersion, _ soap: SOAPVersion) async throws {
        try await SecureConversationOverHTTPTests.withService { url, transport in
            let client = SecureConversationOverHTTPTests.client(url: url, version: version, soap: soap, transport: transport)
            try await client.establish()

            transport.tamper { bytes in (try? Self.addingTicket(to: bytes, mustUnderstand: soap.mustUnderstandFalse)) ?? bytes }
            let response = try await client.send(EchoService.request("optional", version: soap), action: EchoService.action)
            #expect(EchoService.reply(in: response)?.hasSuffix("You said: optional") == true)
            transport.tamper(nil)

            let captured = try #require(transport.last)
            let mandatory = try Self.addingTicket(to: captured.bytes, mustUnderstand: soap.mustUnderstandTrue)
            let refused = try await SecureConversationOverHTTPTests.post(mandatory, to: url, soap: soap, action: EchoService.action)
            try Self.expectMustUnderstandFault(refused.status, refused.body, version: soap)
        }
    }
}
