import Testing
import XMLCore

/// Reading a parsed tree: names, namespaces, attributes, children and text.
@Suite struct TreeNavigationTests {
    static let soapNS = "http://schemas.xmlsoap.org/soap/envelope/"
    static let wsseNS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    static let wsuNS = IDAttribute.wsuNamespace

    static let sample = """
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:default" \
        xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
          <soap:Header>
            <wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" soap:mustUnderstand="1">
              <!-- a comment -->
              <wsu:Timestamp wsu:Id="TS-1"/>
              <wsse:BinarySecurityToken wsu:Id="X509-1" ValueType="v">  TUlJ  </wsse:BinarySecurityToken>
            </wsse:Security>
          </soap:Header>
          <soap:Body wsu:Id="Body">
            <Request b="2" a="1" wsu:Id="R"><Item>one</Item><Item>two<Sub>three</Sub></Item><x:Item xmlns:x="urn:x"/></Request>
            <Fault xmlns="">wsse:InvalidSecurity</Fault>
          </soap:Body>
        </soap:Envelope>
        """

    let document: XMLDocument
    init() throws { document = try XMLDocument(Self.sample) }

    var header: XMLElement { document.root.firstChild("Header", Self.soapNS)! }
    var security: XMLElement { header.firstChild("Security", Self.wsseNS)! }
    var body: XMLElement { document.root.firstChild("Body", Self.soapNS)! }
    var request: XMLElement { body.firstChild("Request", "urn:default")! }

    @Test func names() throws {
        let root = document.root
        #expect(root.localName == "Envelope")
        #expect(root.namespaceURI == Self.soapNS)
        #expect(root.prefix == "soap")
        #expect(root.name == QName(Self.soapNS, "Envelope"))
        #expect(root.is("Envelope", Self.soapNS))
        #expect(!root.is("Envelope", nil))
        #expect(request.prefix == nil, "default-namespace elements have no prefix")
        #expect(request.namespaceURI == "urn:default")
        let fault = try #require(body.firstChild("Fault", nil))
        #expect(fault.namespaceURI == nil, "xmlns=\"\" undeclares the default namespace")
        #expect(body.firstChild("Fault", "urn:default") == nil)
        #expect(QName(Self.soapNS, "Body").description == "{\(Self.soapNS)}Body")
        #expect(QName(nil, "Id").description == "Id")
    }

    @Test func childrenSkipTextAndComments() throws {
        #expect(security.children.map(\.localName) == ["Timestamp", "BinarySecurityToken"])
        #expect(request.children.count == 3)
        #expect(request.children("Item", "urn:default").count == 2)
        #expect(request.children("Item", "urn:x").count == 1)
        #expect(request.firstChild("Item", "urn:x")?.prefix == "x")
        #expect(request.firstChild("Missing", nil) == nil)
        let first = try #require(request.children.first)
        #expect(first.nextSibling?.text == "twothree")
        #expect(request.children.last?.nextSibling == nil)
        #expect(security.children.first?.nextSibling?.localName == "BinarySecurityToken")
    }

    @Test func parentAndDepth() throws {
        #expect(document.root.parent == nil)
        #expect(document.root.depth == 0)
        #expect(security.parent == header)
        #expect(security.depth == 2)
        #expect(request.isDescendant(of: body))
        #expect(request.isDescendant(of: request))
        #expect(!body.isDescendant(of: request))
        #expect(!request.isDescendant(of: header))
    }

    @Test func descendantsInDocumentOrder() {
        #expect(body.descendantsAndSelf.map(\.localName) == ["Body", "Request", "Item", "Item", "Sub", "Item", "Fault"])
        #expect(document.root.descendantsAndSelf.count == 12)
    }

    @Test func handlesCompareByNode() {
        #expect(body == document.root.firstChild("Body", Self.soapNS))
        #expect(body != header)
        #expect(Set([body, body, header]).count == 2)
    }

    @Test func attributes() {
        #expect(security.attribute("mustUnderstand", Self.soapNS) == "1")
        #expect(security.attribute("mustUnderstand") == nil, "an unqualified lookup does not find a qualified attribute")
        #expect(body.attribute("Id", Self.wsuNS) == "Body")
        #expect(body.attribute("Id") == nil)
        #expect(request.attribute("a") == "1")
        #expect(request.attribute("missing") == nil)
        let all = request.attributes
        #expect(all.map(\.name) == [QName(nil, "b"), QName(nil, "a"), QName(Self.wsuNS, "Id")], "document order, no xmlns")
        #expect(all.map(\.value) == ["2", "1", "R"])
        #expect(document.root.attributes.isEmpty, "namespace declarations are not attributes")
    }

    @Test func text() throws {
        let token = try #require(security.firstChild("BinarySecurityToken", Self.wsseNS))
        #expect(token.text == "  TUlJ  ")
        #expect(token.trimmedText == "TUlJ")
        #expect(request.text == "onetwothree")
        #expect(token.hasNonWhitespaceText)
        #expect(!security.hasNonWhitespaceText, "whitespace and comments only")
        #expect(!(security.firstChild("Timestamp", Self.wsuNS)!.hasNonWhitespaceText))
        #expect(" \t\r\nx y\n ".trimmingXMLWhitespace() == "x y")
        #expect(" \u{A0}x".trimmingXMLWhitespace() == "\u{A0}x", "only XML whitespace is trimmed")
    }

    @Test func namespaceLookups() throws {
        #expect(security.namespaceURI(forPrefix: "soap") == Self.soapNS)
        #expect(security.namespaceURI(forPrefix: "wsse") == Self.wsseNS)
        #expect(header.namespaceURI(forPrefix: "wsse") == nil, "declared below, not in scope")
        #expect(request.namespaceURI(forPrefix: nil) == "urn:default")
        #expect(request.namespaceURI(forPrefix: "") == "urn:default")
        #expect(request.namespaceURI(forPrefix: "xml") == IDAttribute.xmlNamespace)
        let fault = try #require(body.firstChild("Fault", nil))
        #expect(
            fault.namespaceURI(forPrefix: nil) == nil || fault.namespaceURI(forPrefix: nil) == "",
            "xmlns=\"\" leaves no default namespace")
        #expect(security.prefix(forNamespace: Self.wsseNS) == "wsse")
        #expect(request.prefix(forNamespace: "urn:default") == "")
        #expect(request.prefix(forNamespace: "urn:unknown") == nil)
    }

    @Test func namespacesInScopeInnermostFirst() throws {
        let scope = security.namespacesInScope
        #expect(scope.map(\.prefix) == ["wsse", "soap", nil, "wsu"])
        #expect(scope.first?.uri == Self.wsseNS)
        #expect(scope.first(where: { $0.prefix == nil })?.uri == "urn:default")
        let fault = try #require(body.firstChild("Fault", nil))
        let faultScope = fault.namespacesInScope
        #expect(faultScope.first(where: { $0.prefix == nil })?.uri == "", "the nearest default declaration wins")
        #expect(faultScope.filter { $0.prefix == nil }.count == 1, "a shadowed binding is listed once")
    }

    @Test func resolveQName() throws {
        let fault = try #require(body.firstChild("Fault", nil))
        #expect(try security.resolveQName("wsse:InvalidSecurity") == QName(Self.wsseNS, "InvalidSecurity"))
        #expect(try security.resolveQName("  soap:Client \n") == QName(Self.soapNS, "Client"))
        #expect(try request.resolveQName("Unprefixed") == QName("urn:default", "Unprefixed"))
        expectXMLError(.unresolvedPrefix) { _ = try fault.resolveQName("wsse:InvalidSecurity") }
        expectXMLError(.unresolvedPrefix) { _ = try request.resolveQName("nope:Thing") }
    }

    @Test func lineNumbers() {
        #expect(document.root.line == 1)
        #expect(security.line == 3)
    }
}
