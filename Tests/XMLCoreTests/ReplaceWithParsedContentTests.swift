import Testing
import XMLCore

/// `replace(withParsedContent:)` parses a fragment (a decrypted XML-Enc payload) in the
/// namespace context of the element it replaces, under the document's limits.
@Suite struct ReplaceWithParsedContentTests {
    static let wsseNS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    static let sample = """
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
        xmlns:wsse="\(wsseNS)" xmlns="urn:default"><soap:Header><wsse:Security>\
        <EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#"/></wsse:Security></soap:Header>\
        <soap:Body><EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#"/><after/></soap:Body></soap:Envelope>
        """

    func c14n(_ element: XMLElement) throws -> String {
        try element.document.canonicalize(element, method: .exclusive).utf8String
    }

    @Test func prefixDeclaredOnAnAncestorResolves() throws {
        let document = try XMLDocument(Self.sample)
        let security = try #require(document.root.children.first?.children.first)
        let placeholder = try #require(security.children.first)
        let inserted = try placeholder.replace(withParsedContent: Array(#"<wsse:UsernameToken><wsse:Username>alice</wsse:Username></wsse:UsernameToken>"#.utf8))
        #expect(inserted.count == 1)
        #expect(inserted.first?.name == QName(Self.wsseNS, "UsernameToken"))
        #expect(security.children == inserted, "the placeholder is gone")
        #expect(inserted.first?.children.first?.text == "alice")
    }

    @Test func defaultNamespaceOfTheContextApplies() throws {
        let document = try XMLDocument(Self.sample)
        let body = try #require(document.root.children.last)
        let placeholder = try #require(body.children.first)
        let inserted = try placeholder.replace(withParsedContent: Array("text before<Quote>42</Quote> text after<Second/>".utf8))
        #expect(
            inserted.map(\.name) == [QName("urn:default", "Quote"), QName("urn:default", "Second")],
            "the placeholder's own xmlns is not the context: its parent's is")
        #expect(body.children.map(\.localName) == ["Quote", "Second", "after"])
        #expect(body.text == "text before42 text after")
        #expect(
            try c14n(body)
                == #"<soap:Body xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">text before<Quote xmlns="urn:default">42</Quote> text after<Second xmlns="urn:default"></Second><after xmlns="urn:default"></after></soap:Body>"#
        )
    }

    @Test func contentMayDeclareItsOwnNamespaces() throws {
        let document = try XMLDocument(Self.sample)
        let body = try #require(document.root.children.last)
        let inserted = try body.children[0].replace(withParsedContent: Array(#"<q:Quote xmlns:q="urn:q" q:a="1"/>"#.utf8))
        #expect(inserted.first?.name == QName("urn:q", "Quote"))
        #expect(inserted.first?.attribute("a", "urn:q") == "1")
    }

    @Test func emptyContentRemovesTheElement() throws {
        let document = try XMLDocument(Self.sample)
        let body = try #require(document.root.children.last)
        #expect(try body.children[0].replace(withParsedContent: []).isEmpty)
        #expect(body.children.map(\.localName) == ["after"])
    }

    @Test(arguments: [
        ("unclosed", "<wsse:Username>"),
        ("mismatched", "<a></b>"),
        ("undefined entity", "<a>&xxe;</a>"),
        ("doctype", "<!DOCTYPE a><a/>"),
        ("lone ampersand", "a & b"),
        ("undeclared prefix", "<nope:Thing/>"),
    ])
    func malformedContentIsRefusedAndTreeUnchanged(_ description: String, _ content: String) throws {
        let document = try XMLDocument(Self.sample)
        let body = try #require(document.root.children.last)
        let before = try c14n(body)
        expectXMLError(.malformed) { _ = try body.children[0].replace(withParsedContent: Array(content.utf8)) }
        #expect(try c14n(body) == before)
    }

    @Test func documentElementCannotBeReplaced() throws {
        let document = try XMLDocument("<a/>")
        expectXMLError(.invalidStructure) { _ = try document.root.replace(withParsedContent: Array("<b/>".utf8)) }
    }

    @Test func contentIsHeldToTheDocumentLimits() throws {
        let limits = XMLParsingLimits(maxDepth: 4, maxAttributesPerElement: 2, maxTextBytes: 8)
        // <a><b><c/></b></a>: c is at depth 3.
        let make = { try XMLDocument("<a><b><c/></b></a>", limits: limits) }
        let placeholder = { (document: XMLDocument) in document.root.children[0].children[0] }

        let ok = try make()
        #expect(try placeholder(ok).replace(withParsedContent: Array("<d/>".utf8)).count == 1, "depth 3 + 0")
        let atLimit = try make()
        #expect(try placeholder(atLimit).replace(withParsedContent: Array("<d><e/></d>".utf8)).count == 1, "e at depth 4")

        expectXMLError(.limitExceeded) { _ = try placeholder(try make()).replace(withParsedContent: Array("<d><e><f/></e></d>".utf8)) }
        expectXMLError(.limitExceeded) { _ = try placeholder(try make()).replace(withParsedContent: Array(#"<d x="1" y="2" z="3"/>"#.utf8)) }
        expectXMLError(.limitExceeded) { _ = try placeholder(try make()).replace(withParsedContent: Array("<d>123456789</d>".utf8)) }
    }
}
