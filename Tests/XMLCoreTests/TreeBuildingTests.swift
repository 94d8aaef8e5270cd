import Testing
import XMLCore

/// Building and editing trees, and serializing them.
@Suite struct TreeBuildingTests {
    static let soapNS = "http://schemas.xmlsoap.org/soap/envelope/"
    static let wsseNS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    static let wsuNS = IDAttribute.wsuNamespace

    /// Canonical form of a whole document, the stable way to compare trees.
    func c14n(_ document: XMLDocument) throws -> String {
        try document.canonicalize(nil, method: .inclusive(withComments: true)).utf8String
    }

    @Test func buildEnvelope() throws {
        let document = XMLDocument(rootLocalName: "Envelope", namespace: Self.soapNS, prefix: "soap")
        let root = document.root
        root.declareNamespace(prefix: "wsu", uri: Self.wsuNS)
        let header = root.addChild("Header", Self.soapNS, prefix: "soap")
        let security = header.addChild("Security", Self.wsseNS, prefix: "wsse")
        security.setAttribute("mustUnderstand", Self.soapNS, prefix: "soap", value: "1")
        let body = root.addChild("Body", Self.soapNS, prefix: "soap")
        body.setAttribute("Id", Self.wsuNS, prefix: "wsu", value: "Body")
        let request = body.addChild("Echo", "urn:echo")
        request.addText("a < b & \"c\" > d")

        #expect(root.children == [header, body])
        #expect(header.prefix == "soap")
        #expect(security.prefix == "wsse")
        #expect(request.prefix == nil && request.namespaceURI == "urn:echo")
        #expect(body.attribute("Id", Self.wsuNS) == "Body")
        #expect(security.attribute("mustUnderstand", Self.soapNS) == "1")

        let expected =
            #"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsu="\#(Self.wsuNS)">"#
            + #"<soap:Header><wsse:Security xmlns:wsse="\#(Self.wsseNS)" soap:mustUnderstand="1"></wsse:Security></soap:Header>"#
            + #"<soap:Body wsu:Id="Body"><Echo xmlns="urn:echo">a &lt; b &amp; "c" &gt; d</Echo></soap:Body></soap:Envelope>"#
        #expect(try c14n(document) == expected)

        // The serialization parses back into the same tree.
        let bytes = document.serialize()
        #expect(!bytes.utf8String.hasPrefix("<?xml"))
        #expect(document.serialize(includeDeclaration: true).utf8String.hasPrefix("<?xml version=\"1.0\""))
        let reparsed = try XMLDocument(parsing: bytes)
        #expect(try c14n(reparsed) == expected)
    }

    @Test func serializeOneElement() throws {
        let document = try XMLDocument(#"<a xmlns:p="urn:p"><p:b x="1"><c/></p:b></a>"#)
        let b = try #require(document.root.children.first)
        #expect(document.serialize(b).utf8String == #"<p:b x="1"><c/></p:b>"#)
        #expect(document.serializeContent(of: document.root).utf8String == #"<p:b x="1"><c/></p:b>"#)
        #expect(document.serialize().utf8String.trimmingXMLWhitespace() == #"<a xmlns:p="urn:p"><p:b x="1"><c/></p:b></a>"#)
    }

    @Test func serializeContentIncludesText() throws {
        let document = try XMLDocument("<a>x<b/>y &amp; z<!--c--></a>")
        #expect(document.serializeContent(of: document.root).utf8String == "x<b/>y &amp; z<!--c-->")
    }

    @Test func existingPrefixBindingIsReused() throws {
        let document = XMLDocument(rootLocalName: "Envelope", namespace: Self.soapNS, prefix: "soap")
        let body = document.root.addChild("Body", Self.soapNS, prefix: "soap")
        #expect(document.serialize(body).utf8String == "<soap:Body/>", "no redundant xmlns:soap on the child")
    }

    @Test func unqualifiedChildUnderDefaultNamespaceGetsEmptyDeclaration() throws {
        let document = XMLDocument(rootLocalName: "root", namespace: "urn:default")
        let child = document.root.addChild("plain", nil)
        #expect(child.namespaceURI == nil)
        let reparsed = try XMLDocument(parsing: document.serialize())
        let plain = try #require(reparsed.root.children.first)
        #expect(plain.namespaceURI == nil, "after a round trip the child is still in no namespace")
        #expect(try c14n(document) == #"<root xmlns="urn:default"><plain xmlns=""></plain></root>"#)
    }

    @Test func namespacedAttributeGetsAPrefixWhenNoneIsInScope() throws {
        let document = XMLDocument(rootLocalName: "root", namespace: nil)
        document.root.setAttribute("Id", Self.wsuNS, value: "x")
        #expect(document.root.attribute("Id", Self.wsuNS) == "x")
        let reparsed = try XMLDocument(parsing: document.serialize())
        #expect(reparsed.root.attribute("Id", Self.wsuNS) == "x")
        #expect(reparsed.root.attributes.first?.name == QName(Self.wsuNS, "Id"))
    }

    @Test func namespacedAttributeReusesInScopePrefix() throws {
        let document = try XMLDocument(#"<root xmlns:u="\#(Self.wsuNS)"><child/></root>"#)
        let child = try #require(document.root.children.first)
        child.setAttribute("Id", Self.wsuNS, prefix: "wsu", value: "c")
        #expect(document.serialize(child).utf8String == #"<child u:Id="c"/>"#)
    }

    @Test func namespacedAttributeTakesThePreferredPrefixWhereItBindsTheNamespace() throws {
        let document = try XMLDocument(#"<root xmlns:wsu="\#(Self.wsuNS)" xmlns:p="urn:p"><child xmlns:u="\#(Self.wsuNS)"/></root>"#)
        let child = try #require(document.root.children.first)
        child.setAttribute("Id", Self.wsuNS, prefix: "wsu", value: "c")
        child.setAttribute("Other", Self.wsuNS, prefix: "p", value: "d")
        #expect(document.serialize(child).utf8String == #"<child xmlns:u="\#(Self.wsuNS)" wsu:Id="c" u:Other="d"/>"#)
    }

    @Test func setAttributeReplacesAndRemoveAttributeRemoves() throws {
        let document = try XMLDocument(#"<a x="1"/>"#)
        document.root.setAttribute("x", value: "2")
        #expect(document.root.attribute("x") == "2")
        #expect(document.root.attributes.count == 1)
        document.root.setAttribute("y", value: "<&\">")
        #expect(try c14n(document) == #"<a x="2" y="&lt;&amp;&quot;>"></a>"#)
        document.root.removeAttribute("x")
        document.root.removeAttribute("absent")
        #expect(document.root.attribute("x") == nil)
        #expect(document.root.attributes.map(\.name) == [QName(nil, "y")])
    }

    @Test func insertChildBeforeSiblingAndFirst() throws {
        let document = try XMLDocument("<r><b/><d/></r>")
        let d = try #require(document.root.children.last)
        document.root.insertChild("c", nil, before: d)
        document.root.insertChild("a", nil, before: nil)
        #expect(document.root.children.map(\.localName) == ["a", "b", "c", "d"])
        let empty = try XMLDocument("<r/>")
        empty.root.insertChild("only", "urn:o", prefix: "o", before: nil)
        #expect(try c14n(empty) == #"<r><o:only xmlns:o="urn:o"></o:only></r>"#)
    }

    @Test func addCopyFromAnotherDocumentKeepsNamespaces() throws {
        let source = try XMLDocument(#"<s:a xmlns:s="urn:s" xmlns:t="urn:t"><t:token t:kind="k">v</t:token></s:a>"#)
        let token = try #require(source.root.children.first)
        let target = try XMLDocument("<holder><last/></holder>")
        let last = try #require(target.root.children.first)
        let copy = target.root.addCopy(of: token, before: last)
        #expect(copy.name == QName("urn:t", "token"))
        #expect(copy.attribute("kind", "urn:t") == "k")
        #expect(target.root.children.map(\.localName) == ["token", "last"])
        let reparsed = try XMLDocument(parsing: target.serialize())
        #expect(reparsed.root.children.first?.name == QName("urn:t", "token"))
        #expect(source.root.children.count == 1, "the source is untouched")
    }

    @Test func setTextAndRemoveAllChildren() throws {
        let document = try XMLDocument("<a><b/>text<!--c--></a>")
        document.root.setText("new & text")
        #expect(try c14n(document) == "<a>new &amp; text</a>")
        document.root.removeAllChildren()
        #expect(try c14n(document) == "<a></a>")
    }

    @Test func removedElementHandleStaysUsable() throws {
        let document = try XMLDocument(#"<a><b x="1"><c/></b></a>"#)
        let b = try #require(document.root.children.first)
        b.remove()
        #expect(document.root.children.isEmpty)
        #expect(b.attribute("x") == "1")
        #expect(b.children.map(\.localName) == ["c"])
        #expect(b.parent == nil)
    }
}
