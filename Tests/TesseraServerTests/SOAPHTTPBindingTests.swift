import HTTPTypes
import SOAP
import Testing
@testable import TesseraServer

/// The SOAP HTTP binding rules the endpoint applies: version from the media type, action from
/// the HTTP layer, status from the fault (SOAP 1.1 §6.2, SOAP 1.2 Part 2 §7.5.1.2).
struct SOAPHTTPBindingTests {
    @Test func mediaTypeNamesTheVersion() {
        #expect(SOAPHTTPBinding.version(contentType: "text/xml; charset=utf-8") == .v11)
        #expect(SOAPHTTPBinding.version(contentType: "Application/SOAP+XML; action=\"urn:a\"") == .v12)
        #expect(SOAPHTTPBinding.version(contentType: "application/json") == nil)
        #expect(SOAPHTTPBinding.version(contentType: nil) == nil)
    }

    @Test func actionComesFromSOAPActionOrTheMediaTypeParameter() {
        #expect(SOAPHTTPBinding.action(version: .v11, contentType: "text/xml", soapActionHeader: "\"urn:issue\"") == "urn:issue")
        #expect(SOAPHTTPBinding.action(version: .v11, contentType: "text/xml", soapActionHeader: "\"\"") == nil)
        #expect(SOAPHTTPBinding.action(version: .v12, contentType: "application/soap+xml; action=\"urn:issue\"", soapActionHeader: nil) == "urn:issue")
        // ADFS clients send SOAP 1.2 with the action in a separate SOAPAction header.
        #expect(SOAPHTTPBinding.action(version: .v12, contentType: "application/soap+xml", soapActionHeader: "urn:issue") == "urn:issue")
        #expect(SOAPHTTPBinding.action(version: .v12, contentType: "application/soap+xml", soapActionHeader: nil) == nil)
    }

    /// A SOAP 1.2 answer's media type carries its `wsa:Action` (RFC 3902 §3), as its headers read.
    @Test func theAnswersActionIsItsAddressingAction() throws {
        for version in [WSAddressingVersion.v10, .submission200408] {
            let envelope = SOAPEnvelope(version: .v12)
            AddressingHeaders(version: version, to: "urn:to", action: "urn:answer\"quoted\"", messageID: "urn:uuid:1").write(to: envelope)
            #expect(SOAPHTTPBinding.action(of: envelope) == (try AddressingHeaders(reading: envelope))?.action)
            let response = SOAPHTTPBinding.response(envelope, version: .v12, status: 200)
            #expect(response.headers[.contentType] == SOAPVersion.v12.contentType(action: "urn:answer\"quoted\""))
        }
        #expect(SOAPHTTPBinding.action(of: SOAPEnvelope(version: .v12)) == nil)
    }

    @Test func faultStatusFollowsTheSOAPVersion() {
        let sender = SOAPFault(code: .sender, reason: "bad")
        let receiver = SOAPFault(code: .receiver, reason: "down")
        let mismatch = SOAPFault(code: .versionMismatch, reason: "version")
        #expect(SOAPHTTPBinding.status(of: nil, version: .v11) == 200)
        #expect(SOAPHTTPBinding.status(of: nil, version: .v12) == 200)
        #expect(SOAPHTTPBinding.status(of: sender, version: .v11) == 500)
        #expect(SOAPHTTPBinding.status(of: receiver, version: .v11) == 500)
        #expect(SOAPHTTPBinding.status(of: sender, version: .v12) == 400)
        #expect(SOAPHTTPBinding.status(of: receiver, version: .v12) == 500)
        #expect(SOAPHTTPBinding.status(of: mismatch, version: .v12) == 500)
    }
}
