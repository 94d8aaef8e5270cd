import Testing
import XMLCore

/// The ID index finds every kind of ID attribute and refuses ambiguous documents.
@Suite struct IDIndexTests {
    static let wsu = IDAttribute.wsuNamespace

    @Test func findsEveryRecognisedIDAttribute() throws {
        let document = try XMLDocument(
            """
            <root xmlns:wsu="\(Self.wsu)">
              <a wsu:Id="wsu-id"/>
              <b xml:id="xml-id"/>
              <c Id="dsig-id"/>
              <d ID="saml2-id"/>
              <e AssertionID="saml1-id"/>
              <f id="lowercase" other="x"/>
              <g xmlns:foo="urn:foo" foo:Id="foreign"/>
            </root>
            """)
        let index = try IDIndex(document)
        let children = document.root.children
        #expect(try index.element(withID: "wsu-id") == children[0])
        #expect(try index.element(withID: "xml-id") == children[1])
        #expect(try index.element(withID: "dsig-id") == children[2])
        #expect(try index.element(withID: "saml2-id") == children[3])
        #expect(try index.element(withID: "saml1-id") == children[4])
        #expect(index["lowercase"] == nil, "lowercase id is not an ID attribute")
        #expect(index["foreign"] == nil, "an Id attribute in another namespace is not an ID")
        #expect(index.count == 5)
    }

    /// Values alike in length and at both ends (one fingerprint) are still told apart, and
    /// every lookup agrees with the values as written.
    @Test func valuesAlikeAtBothEndsAreToldApart() throws {
        let values = ["abcdefgh1ijklmnop", "abcdefgh2ijklmnop", "id-0123456789abcdef", "id-0123456789abcdee", "x", "", "é", "12345678", "1234567"]
        let elements = values.enumerated().map { #"<e\#($0.offset) Id="\#($0.element)"/>"# }.joined()
        let document = try XMLDocument("<r>" + elements + "</r>")
        let index = try IDIndex(document)
        let children = document.root.children
        for (position, value) in values.enumerated() {
            #expect(index[value] == children[position])
        }
        for absent in ["abcdefgh3ijklmnop", "id-0123456789abcdeg", "y", "123456789", "e"] {
            #expect(index[absent] == nil)
        }
        #expect(index.count == values.count)
        let duplicate = try XMLDocument(#"<r><a Id="abcdefgh1ijklmnop"/><b Id="abcdefgh1ijklmnop"/></r>"#)
        expectXMLError(.duplicateID) { _ = try IDIndex(duplicate) }
    }

    @Test func unknownIDThrows() throws {
        let index = try IDIndex(XMLDocument(#"<a Id="x"/>"#))
        #expect(index["y"] == nil)
        expectXMLError(.unknownID) { _ = try index.element(withID: "y") }
        #expect(try index.element(withID: "x").localName == "a")
    }

    @Test func rootAndNestedElementsAreIndexed() throws {
        let document = try XMLDocument(#"<a ID="root"><b><c Id="deep"/></b></a>"#)
        let index = try IDIndex(document)
        #expect(index["root"] == document.root)
        #expect(index["deep"]?.localName == "c")
    }

    @Test(arguments: [
        ("two wsu:Id", #"<r xmlns:wsu="\#(wsu)"><a wsu:Id="x"/><b wsu:Id="x"/></r>"#),
        ("wsu:Id and Id", #"<r xmlns:wsu="\#(wsu)"><a wsu:Id="x"/><b Id="x"/></r>"#),
        ("Id and ID", #"<r><a Id="x"/><b ID="x"/></r>"#),
        ("xml:id and AssertionID", #"<r><a xml:id="x"/><b AssertionID="x"/></r>"#),
        ("ancestor and descendant", #"<r Id="x"><b><c Id="x"/></b></r>"#),
    ])
    func duplicateValueOnTwoElementsIsRefused(_ description: String, _ text: String) throws {
        let document = try XMLDocument(text)
        expectXMLError(.duplicateID) { _ = try IDIndex(document) }
    }

    @Test func oneElementCarryingTheSameValueTwiceIsFine() throws {
        let document = try XMLDocument(#"<r xmlns:wsu="\#(Self.wsu)"><a wsu:Id="x" Id="x"/></r>"#)
        let index = try IDIndex(document)
        #expect(index["x"]?.localName == "a")
        #expect(index.count == 1)
    }

    @Test func signatureWrappingWithDuplicatedBodyIDIsRefused() throws {
        // The signed Body moved into a header wrapper and a forged Body with the same wsu:Id.
        let wrapped = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsu="\(Self.wsu)">
              <soap:Header><w:Wrapper xmlns:w="urn:w"><soap:Body wsu:Id="Body"><Pay>10</Pay></soap:Body></w:Wrapper></soap:Header>
              <soap:Body wsu:Id="Body"><Pay>1000000</Pay></soap:Body>
            </soap:Envelope>
            """
        expectXMLError(.duplicateID) { _ = try IDIndex(XMLDocument(wrapped)) }
    }

    @Test func attributeNamesListed() {
        #expect(
            IDAttribute.names == [
                QName(Self.wsu, "Id"), QName(IDAttribute.xmlNamespace, "id"),
                QName(nil, "Id"), QName(nil, "ID"), QName(nil, "AssertionID"),
            ])
    }
}

/// Updating the index after content replaced an element gives what a rebuild gives, and refuses
/// new content that repeats an ID, as a rebuild does.
@Suite struct IDIndexUpdateTests {
    static let wsu = IDIndexTests.wsu

    @Test func updateAfterReplacingContentMatchesARebuild() throws {
        let document = try XMLDocument(
            #"<r xmlns:wsu="\#(Self.wsu)"><h wsu:Id="h"/><b wsu:Id="body"><e Id="enc"><k Id="key"/></e></b></r>"#)
        var index = try IDIndex(document)
        let encrypted = try index.element(withID: "enc")
        let inserted = try encrypted.replace(withParsedContent: Array(#"<p wsu:Id="plain"><q ID="inner"/></p><s AssertionID="s"/>"#.utf8))
        try index.update(removing: encrypted, inserting: inserted)
        let rebuilt = try IDIndex(document)
        #expect(index.count == rebuilt.count)
        for id in ["h", "body", "plain", "inner", "s"] {
            #expect(index[id] != nil && index[id] == rebuilt[id], "\(id)")
        }
        #expect(index["enc"] == nil && index["key"] == nil, "the replaced element's IDs are gone")
    }

    @Test(arguments: [
        #"<p wsu:Id="h"/>"#,  // an ID carried outside the replaced element
        #"<p Id="twice"/><q Id="twice"/>"#,  // an ID carried twice in the new content
    ])
    func updateRefusesARepeatedID(_ content: String) throws {
        let document = try XMLDocument(#"<r xmlns:wsu="\#(Self.wsu)"><h wsu:Id="h"/><b><e Id="enc"/></b></r>"#)
        var index = try IDIndex(document)
        let encrypted = try index.element(withID: "enc")
        let inserted = try encrypted.replace(withParsedContent: Array(content.utf8))
        expectXMLError(.duplicateID) { try index.update(removing: encrypted, inserting: inserted) }
        expectXMLError(.duplicateID) { _ = try IDIndex(document) }
    }

    @Test func theReplacedElementsOwnIDMayReappearInItsContent() throws {
        let document = try XMLDocument(#"<r><b><e Id="x"/></b></r>"#)
        var index = try IDIndex(document)
        let encrypted = try index.element(withID: "x")
        let inserted = try encrypted.replace(withParsedContent: Array(#"<p Id="x"/>"#.utf8))
        try index.update(removing: encrypted, inserting: inserted)
        #expect(index["x"] == inserted[0])
    }
}
