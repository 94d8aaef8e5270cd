import Testing
@testable import XMLCore

/// A ``VerbatimElement`` goes out as its bytes, exactly, where its placeholder stands; the tree
/// holds only its name and IDs, so canonicalizing it is refused instead of giving a wrong form,
/// and a receiver reading the bytes in place reads what they say on their own.
@Suite struct VerbatimElementTests {
    static let saml = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let wsu = IDAttribute.wsuNamespace
    /// Written the way the serializer never writes: single quotes, an empty element with an end
    /// tag, spaces inside tags, a character reference, a CDATA section, an unprefixed child in no
    /// namespace.
    static let token = """
        <saml2:Assertion  xmlns:saml2='\(saml)' ID='_a1' Version="2.0"><saml2:Issuer >&#x41;idp</saml2:Issuer>\
        <saml2:Subject></saml2:Subject><Extra><![CDATA[<x>]]></Extra></saml2:Assertion>
        """
    static let envelope = """
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:saml2="urn:other"><s:Header>\
        <Security xmlns="urn:security-without-default"/></s:Header><s:Body wsu:Id="B" xmlns:wsu="\(wsu)"><p/></s:Body></s:Envelope>
        """

    static func header(_ document: XMLDocument) throws -> XMLElement {
        try #require(document.root.firstChild("Header", "http://schemas.xmlsoap.org/soap/envelope/"))
    }

    @Test func theBytesGoOutExactlyWhereThePlaceholderStands() throws {
        let verbatim = try VerbatimElement(bytes: Array(Self.token.utf8))
        let document = try XMLDocument(Self.envelope)
        try Self.header(document).addVerbatim(verbatim)
        let written = document.serialize().utf8String
        #expect(written.contains("<Security xmlns=\"urn:security-without-default\"/>\(Self.token)</s:Header>"))
        #expect(document.serializeWithOwnWriter()?.utf8String == written)
        #expect(document.serialize(try Self.header(document)).utf8String.contains(Self.token))
    }

    @Test func thePlaceholderCarriesTheNameAndIDsOnly() throws {
        let bytes = #"<a:T xmlns:a="urn:a" xmlns:wsu="\#(Self.wsu)" wsu:Id="w1" Other="x"><a:C ID="inner"/></a:T>"#
        let verbatim = try VerbatimElement(bytes: Array(bytes.utf8))
        let document = try XMLDocument(Self.envelope)
        let placeholder = try Self.header(document).addVerbatim(verbatim)
        #expect(placeholder.name == QName("urn:a", "T"))
        #expect(placeholder.attribute("Id", Self.wsu) == "w1")
        #expect(placeholder.attribute("Other") == nil)
        #expect(placeholder.children.isEmpty)
        let index = try IDIndex(document)
        #expect(index["w1"] == placeholder)
        #expect(index["B"] != nil)
    }

    @Test func canonicalizingThePlaceholderIsRefused() throws {
        let document = try XMLDocument(Self.envelope)
        let header = try Self.header(document)
        let placeholder = header.addVerbatim(try VerbatimElement(bytes: Array(Self.token.utf8)))
        expectXMLError(.canonicalizationFailed) { _ = try document.canonicalize(placeholder, method: .exclusive) }
        expectXMLError(.canonicalizationFailed) { _ = try document.canonicalize(header, method: .exclusive) }
        expectXMLError(.canonicalizationFailed) { _ = try document.canonicalize(nil, method: .inclusive(withComments: false)) }
        let body = try #require(document.root.children.last)
        #expect(try document.canonicalize(body, method: .exclusive).utf8String.hasPrefix("<s:Body"))
        #expect(try document.canonicalize(header, method: .exclusive, excluding: placeholder).utf8String.hasPrefix("<s:Header"))
        placeholder.remove()
        #expect(try document.canonicalize(header, method: .exclusive).utf8String.hasPrefix("<s:Header"))
    }

    /// Parsed back from the message, the element has the canonical form it has on its own,
    /// although the context binds its prefix to another namespace.
    @Test func readInPlaceTheBytesMeanWhatTheyMeanAlone() throws {
        let alone = try XMLDocument(Self.token)
        let document = try XMLDocument(Self.envelope)
        let header = try Self.header(document)
        let verbatim = try VerbatimElement(bytes: Array(Self.token.utf8))
        #expect(verbatim.keepsItsMeaning(under: header))
        header.addVerbatim(verbatim)
        let received = try XMLDocument(parsing: document.serialize())
        let carried = try #require(try Self.header(received).children.last)
        #expect(carried.name == QName(Self.saml, "Assertion"))
        #expect(try received.canonicalize(carried, method: .exclusive) == alone.canonicalize(alone.root, method: .exclusive))
    }

    @Test func underADefaultNamespaceOnlyAnElementDeclaringItsOwnKeepsItsMeaning() throws {
        let document = try XMLDocument(#"<e xmlns="urn:context"><h/></e>"#)
        let parent = try #require(document.root.children.first)
        #expect(!(try VerbatimElement(bytes: Array(Self.token.utf8))).keepsItsMeaning(under: parent))
        #expect(try VerbatimElement(bytes: Array(#"<a:T xmlns:a="urn:a" xmlns=""><U/></a:T>"#.utf8)).keepsItsMeaning(under: parent))
        #expect(try VerbatimElement(bytes: Array(#"<T xmlns="urn:a"><U/></T>"#.utf8)).keepsItsMeaning(under: parent))
    }

    @Test(arguments: [
        #"<?xml version="1.0" encoding="ISO-8859-1"?><a/>"#, #"<?xml version="1.1"?><a/>"#, "\u{FEFF}<a/>", "<a/><!-- after -->",
        "<!-- before --><a/>", "<a/><?pi?>", "<a>", "<p:a/>", "<",
    ])
    func bytesHoldingMoreThanOneUTF8ElementAreRefused(_ text: String) {
        #expect(throws: XMLError.self) { try VerbatimElement(bytes: Array(text.utf8)) }
    }

    /// A document's declaration and the whitespace around its element are not kept.
    @Test(arguments: [
        "<a x='1'>\n</a>", " \r\n<a x='1'>\n</a>\n", #"<?xml version="1.0" encoding="utf-8"?>"# + "\n<a x='1'>\n</a>\n", "<?xml version='1.0'?><a x='1'>\n</a>",
    ])
    func theElementsOwnBytesAreKept(_ text: String) throws {
        #expect(try VerbatimElement(bytes: Array(text.utf8)).bytes == Array("<a x='1'>\n</a>".utf8))
    }

    /// A copy of a subtree holding a placeholder, into another document, holds one too.
    @Test func aCopyKeepsThePlaceholder() throws {
        let document = try XMLDocument(Self.envelope)
        try Self.header(document).addVerbatim(try VerbatimElement(bytes: Array(Self.token.utf8)))
        let other = XMLDocument(rootLocalName: "Holder", namespace: nil)
        let copied = other.root.addCopy(of: try Self.header(document))
        #expect(other.serialize().utf8String.contains(Self.token))
        expectXMLError(.canonicalizationFailed) { _ = try other.canonicalize(copied, method: .exclusive) }
    }

    /// libxml2's serializer, for trees the own writer leaves to it, gets the element as a copy:
    /// the same canonical form, and no placeholder left.
    @Test func materializedTheElementIsACopyWithTheSameCanonicalForm() throws {
        let document = try XMLDocument(Self.envelope)
        try Self.header(document).addVerbatim(try VerbatimElement(bytes: Array(Self.token.utf8)))
        document.materializeVerbatimElements()
        #expect(document.verbatimElements.isEmpty)
        let carried = try #require(try Self.header(document).children.last)
        let alone = try XMLDocument(Self.token)
        #expect(try document.canonicalize(carried, method: .exclusive) == alone.canonicalize(alone.root, method: .exclusive))
        #expect(document.serializeWithLibXML2().utf8String.contains("<saml2:Issuer>Aidp</saml2:Issuer>"))
    }
}
