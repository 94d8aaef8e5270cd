import SOAP
import Testing
import XMLCore

@Suite("SOAPVersion")
struct SOAPVersionTests {
    @Test("Namespaces map both ways")
    func namespaces() {
        #expect(SOAPVersion.v11.namespace == "http://schemas.xmlsoap.org/soap/envelope/")
        #expect(SOAPVersion.v12.namespace == "http://www.w3.org/2003/05/soap-envelope")
        for version in SOAPVersion.allCases {
            #expect(SOAPVersion(namespace: version.namespace) == version)
        }
        #expect(SOAPVersion(namespace: "http://www.w3.org/2001/12/soap-envelope") == nil)
    }

    @Test("Detection from the document element needs an Envelope in a SOAP namespace")
    func detection() throws {
        let v11 = try XMLDocument(parsing: Array(Listings.listing1.utf8))
        #expect(SOAPVersion(envelopeRoot: v11.root) == .v11)
        let v12 = try XMLDocument(parsing: Array(Listings.listing2.utf8))
        #expect(SOAPVersion(envelopeRoot: v12.root) == .v12)
        let body = XMLDocument(rootLocalName: "Body", namespace: SOAPVersion.v12.namespace)
        #expect(SOAPVersion(envelopeRoot: body.root) == nil)
        let bare = XMLDocument(rootLocalName: "Envelope", namespace: nil)
        #expect(SOAPVersion(envelopeRoot: bare.root) == nil)
    }

    @Test("SOAP 1.1 uses text/xml and the SOAPAction header")
    func http11() {
        #expect(SOAPVersion.v11.contentType(action: "urn:a") == "text/xml; charset=utf-8")
        #expect(SOAPVersion.v11.soapActionHeader(action: "urn:a") == #""urn:a""#)
        #expect(SOAPVersion.v11.soapActionHeader(action: nil) == #""""#)
        #expect(SOAPVersion.v11.soapActionHeader(action: #"urn:a"b\c"#) == #""urn:a\"b\\c""#)
        #expect(SOAPVersion.v12.contentType(action: #"urn:\""#) == #"application/soap+xml; charset=utf-8; action="urn:\\\"""#)
        let headers = SOAPVersion.v11.httpHeaders(action: "urn:a")
        #expect(headers.map(\.name) == ["Content-Type", "SOAPAction"])
        #expect(headers.map(\.value) == ["text/xml; charset=utf-8", #""urn:a""#])
    }

    @Test("SOAP 1.2 uses application/soap+xml with an action parameter")
    func http12() {
        #expect(SOAPVersion.v12.contentType() == "application/soap+xml; charset=utf-8")
        #expect(
            SOAPVersion.v12.contentType(action: "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue")
                == #"application/soap+xml; charset=utf-8; action="http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue""#)
        #expect(SOAPVersion.v12.soapActionHeader(action: "urn:a") == nil)
        #expect(SOAPVersion.v12.httpHeaders(action: "urn:a").map(\.name) == ["Content-Type"])
    }

    @Test("Content types and action headers are read back")
    func parsingHTTP() {
        #expect(SOAPVersion(contentType: "text/xml; charset=utf-8") == .v11)
        #expect(SOAPVersion(contentType: "Application/SOAP+XML;charset=UTF-8;action=\"urn:x\"") == .v12)
        #expect(SOAPVersion(contentType: "application/xml") == nil)
        #expect(SOAPVersion.action(fromContentType: SOAPVersion.v12.contentType(action: "urn:a\"b")) == "urn:a\"b")
        #expect(SOAPVersion.action(fromContentType: "application/soap+xml; Action=urn:plain") == "urn:plain")
        #expect(SOAPVersion.action(fromContentType: "application/soap+xml; charset=utf-8") == nil)
        #expect(SOAPVersion.action(fromSOAPActionHeader: #" "urn:a" "#) == "urn:a")
        #expect(SOAPVersion.action(fromSOAPActionHeader: #""""#) == nil)
    }

    /// ASCII values are read as bytes, others as characters; both readings split, trim and
    /// compare alike, so the same values are accepted and refused.
    @Test("Content types are read alike whether ASCII or not")
    func contentTypeReadings() {
        #expect(SOAPVersion(contentType: " \tTEXT/Xml \r\n; charset=utf-8") == .v11)
        #expect(SOAPVersion(contentType: ";text/xml") == .v11)
        #expect(SOAPVersion(contentType: " ;text/xml") == nil)
        #expect(SOAPVersion(contentType: "") == nil)
        #expect(SOAPVersion(contentType: "text/xmlx") == nil)
        #expect(SOAPVersion(contentType: "application/soap+xml; title=\"caf\u{E9}\"") == .v12)
        #expect(SOAPVersion(contentType: "application/soap\u{2B}xml\u{E9}") == nil)
        #expect(SOAPVersion(contentType: "\u{212A}text/xml") == nil)
        #expect(SOAPVersion.action(fromContentType: #"application/soap+xml;; ACTION = "urn:a\\b\"c" ;x=1"#) == #"urn:a\b"c"#)
        #expect(SOAPVersion.action(fromContentType: "application/soap+xml; action=") == nil)
        #expect(SOAPVersion.action(fromContentType: "application/soap+xml; =urn:a") == nil)
        #expect(SOAPVersion.action(fromContentType: "application/soap+xml; action==urn:a") == "=urn:a")
        #expect(SOAPVersion.action(fromContentType: "action=urn:first-segment-is-the-media-type") == nil)
        #expect(SOAPVersion.action(fromContentType: "application/soap+xml; action=\"\"") == "")
        #expect(SOAPVersion.action(fromContentType: "application/soap+xml; action=\"urn:caf\u{E9}\"") == "urn:caf\u{E9}")
        #expect(SOAPVersion.action(fromContentType: "application/soap+xml; \u{E9}action=urn:a") == nil)
    }

    /// SOAP 1.1 §6.1.1: the SOAPAction value is a quoted URI; ASCII values are read as bytes,
    /// others as characters, with the same trimming and the same escapes undone.
    @Test("SOAPAction headers are read alike whether ASCII or not")
    func soapActionReadings() {
        #expect(SOAPVersion.action(fromSOAPActionHeader: " \t\"urn:a\\\\b\\\"c\"\r\n") == #"urn:a\b"c"#)
        #expect(SOAPVersion.action(fromSOAPActionHeader: " \t\"urn:caf\u{E9}\\\"c\"\r\n") == "urn:caf\u{E9}\"c")
        #expect(SOAPVersion.action(fromSOAPActionHeader: "urn:unquoted") == "urn:unquoted")
        #expect(SOAPVersion.action(fromSOAPActionHeader: "\"urn:half-quoted") == "\"urn:half-quoted")
        #expect(SOAPVersion.action(fromSOAPActionHeader: "\"") == "\"")
        #expect(SOAPVersion.action(fromSOAPActionHeader: "\"\\\"") == nil)
        #expect(SOAPVersion.action(fromSOAPActionHeader: " \r\n ") == nil)
        #expect(SOAPVersion.action(fromSOAPActionHeader: "") == nil)
    }

    @Test("Header attribute spellings differ per version")
    func attributes() {
        #expect(SOAPVersion.v11.roleAttributeName == "actor")
        #expect(SOAPVersion.v12.roleAttributeName == "role")
        #expect(SOAPVersion.v11.mustUnderstandTrue == "1")
        #expect(SOAPVersion.v12.mustUnderstandTrue == "true")
        #expect(SOAPVersion.v11.ultimateReceiverRoleURI == nil)
    }
}
