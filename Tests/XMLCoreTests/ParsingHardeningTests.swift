import Foundation
import Testing
import XMLCore

/// The parser refuses every document type declaration (and so every entity attack), and
/// reports input that is not well-formed, namespace-well-formed XML as `.malformed`.
@Suite struct ParsingHardeningTests {
    static let soapEnvelope = """
        <?xml version="1.0" encoding="UTF-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
        xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
          <soap:Header>
            <wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" soap:mustUnderstand="1">
              <wsu:Timestamp wsu:Id="TS-1"><wsu:Created>2025-06-01T12:00:00Z</wsu:Created></wsu:Timestamp>
            </wsse:Security>
          </soap:Header>
          <soap:Body wsu:Id="Body"><m:Ping xmlns:m="urn:example">hello &amp; welcome</m:Ping></soap:Body>
        </soap:Envelope>
        """

    @Test func normalSOAPEnvelopeParses() throws {
        let document = try XMLDocument(Self.soapEnvelope)
        let root = document.root
        #expect(root.name == QName("http://schemas.xmlsoap.org/soap/envelope/", "Envelope"))
        let body = try #require(root.firstChild("Body", "http://schemas.xmlsoap.org/soap/envelope/"))
        #expect(body.attribute("Id", IDAttribute.wsuNamespace) == "Body")
        #expect(body.children.first?.text == "hello & welcome")
    }

    @Test func bareDoctypeIsRefused() {
        expectXMLError(.doctypeForbidden) { _ = try XMLDocument("<!DOCTYPE a><a/>") }
    }

    @Test func doctypeWithInternalSubsetIsRefused() {
        expectXMLError(.doctypeForbidden) {
            _ = try XMLDocument(#"<!DOCTYPE a [<!ATTLIST a Id ID #IMPLIED>]><a Id="x"/>"#)
        }
    }

    @Test func externalEntityToLocalFileIsRefused() throws {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <foo>&xxe;</foo>
            """
        let error = #expect(throws: XMLError.self) { _ = try XMLDocument(xxe) }
        #expect(error?.code == .doctypeForbidden)
        #expect(error?.reason.contains("root:") == false, "the reason must not carry file content")
    }

    @Test func externalDTDIsRefused() {
        expectXMLError(.doctypeForbidden) {
            _ = try XMLDocument(#"<!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd"><a/>"#)
        }
    }

    @Test func parameterEntityXXEIsRefused() {
        let sample = """
            <!DOCTYPE a [<!ENTITY % remote SYSTEM "file:///etc/passwd"> %remote;]><a/>
            """
        expectXMLError(.doctypeForbidden) { _ = try XMLDocument(sample) }
    }

    @Test func billionLaughsIsRefusedQuickly() {
        var declarations = #"<!ENTITY lol0 "lol">"#
        for level in 1...9 {
            declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [\(declarations)]><lolz>&lol9;</lolz>"
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            expectXMLError(.doctypeForbidden) { _ = try XMLDocument(bomb) }
        }
        #expect(elapsed < .seconds(2), "refusal took \(elapsed)")
    }

    @Test func doctypeAfterCommentIsRefused() {
        expectXMLError(.doctypeForbidden) { _ = try XMLDocument("<!-- c --><!DOCTYPE a><a/>") }
    }

    @Test func undeclaredEntityReferenceIsMalformed() {
        expectXMLError(.malformed) { _ = try XMLDocument("<a>&xxe;</a>") }
    }

    @Test(arguments: [
        ("unclosed element", "<a><b></a>"),
        ("mismatched end tag", "<a></b>"),
        ("two document elements", "<a/><b/>"),
        ("text after the document element", "<a/>trailing"),
        ("empty input", ""),
        ("only whitespace", "   \n"),
        ("only a comment", "<!-- nothing -->"),
        ("duplicate attribute", #"<a x="1" x="2"/>"#),
        ("unquoted attribute", "<a x=1/>"),
        ("lone ampersand", "<a>fish & chips</a>"),
        ("less-than in attribute", #"<a x="<"/>"#),
        ("control character", "<a>\u{1}</a>"),
        ("bad XML declaration", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><?xml version=\"1.0\"?><a/>"),
        ("truncated", "<soap:Envelope xmlns:soap=\"urn:x\"><soap:Bo"),
    ])
    func notWellFormedIsMalformed(_ description: String, _ text: String) {
        expectXMLError(.malformed) { _ = try XMLDocument(text) }
    }

    @Test func invalidUTF8IsMalformed() {
        expectXMLError(.malformed) { _ = try XMLDocument(parsing: [0x3C, 0x61, 0x3E, 0xC3, 0x28, 0x3C, 0x2F, 0x61, 0x3E]) }
    }

    /// Namespaces in XML 1.0 §5 (namespace constraint "Prefix Declared"): an element or
    /// attribute whose prefix has no declaration in scope is not namespace-well-formed. libxml2
    /// only warns and builds an element literally named "wsse:Security" in no namespace, which a
    /// SOAP processor must never see.
    @Test(arguments: [
        ("undeclared element prefix", "<wsse:Security/>"),
        ("undeclared attribute prefix", #"<a wsu:Id="x"/>"#),
        ("undeclared prefix below a declared one", #"<s:a xmlns:s="urn:s"><t:b/></s:a>"#),
    ])
    func undeclaredPrefixIsMalformed(_ description: String, _ text: String) {
        expectXMLError(.malformed) { _ = try XMLDocument(text) }
    }

    @Test func reservedXMLPrefixNeedsNoDeclaration() throws {
        let document = try XMLDocument(#"<a xml:lang="en"/>"#)
        #expect(document.root.attribute("lang", IDAttribute.xmlNamespace) == "en")
    }

    @Test func characterReferencesAndCDATAAreDecoded() throws {
        let document = try XMLDocument("<a>&#x41;&#66;<![CDATA[<c>&amp;]]></a>")
        #expect(document.root.text == "AB<c>&amp;")
    }

    @Test func latin1DeclaredEncodingIsDecoded() throws {
        // "café" in ISO-8859-1: é is the single byte 0xE9.
        let bytes: [UInt8] = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><a>caf"#.utf8) + [0xE9] + Array("</a>".utf8)
        let document = try XMLDocument(parsing: bytes)
        #expect(document.root.text == "café")
    }
}
