import Testing
import XMLCore

/// `firstDescendant(namedAnyOf:)` compares expanded names (local name and namespace) straight on
/// libxml2's strings; these cases pin what counts as a match.
@Suite struct FirstDescendantTests {
    static let a = "urn:a", b = "urn:b"

    @Test func findsTheFirstMatchInDocumentOrderAtAnyDepth() throws {
        let document = try XMLDocument(
            """
            <root xmlns:a="urn:a"><x><y><a:Body n="1"/></y></x><a:Body n="2"/></root>
            """)
        let found = document.root.firstDescendant(namedAnyOf: [QName(Self.a, "Body")])
        #expect(found?.attribute("n") == "1")
    }

    @Test func aSameLocalNameInAnotherNamespaceDoesNotStopTheSearchThroughTheList() throws {
        // The first candidate has the right local name and the wrong namespace; the second matches.
        let document = try XMLDocument(#"<root><b:Body xmlns:b="urn:b"/></root>"#)
        let found = document.root.firstDescendant(namedAnyOf: [QName(Self.a, "Body"), QName(Self.b, "Body")])
        #expect(found?.namespaceURI == Self.b)
    }

    @Test func aNameWithoutNamespaceMatchesOnlyElementsWithoutOne() throws {
        let qualified = try XMLDocument(#"<root><Body xmlns="urn:a"/></root>"#)
        #expect(qualified.root.firstDescendant(namedAnyOf: [QName(nil, "Body")]) == nil)
        let unqualified = try XMLDocument(#"<root><Body/></root>"#)
        #expect(unqualified.root.firstDescendant(namedAnyOf: [QName(nil, "Body")])?.localName == "Body")
        #expect(unqualified.root.firstDescendant(namedAnyOf: [QName(Self.a, "Body")]) == nil)
    }

    @Test func prefixesOfNamesDoNotMatch() throws {
        let document = try XMLDocument(#"<root xmlns:a="urn:a"><a:Bod/><a:BodyX/><a:Body/></root>"#)
        let found = document.root.firstDescendant(namedAnyOf: [QName(Self.a, "Body")])
        #expect(found?.localName == "Body")
    }

    @Test func theElementItselfAndAnEmptyListFindNothing() throws {
        let document = try XMLDocument(#"<a:Body xmlns:a="urn:a"><child/></a:Body>"#)
        #expect(document.root.firstDescendant(namedAnyOf: [QName(Self.a, "Body")]) == nil)
        #expect(document.root.firstDescendant(namedAnyOf: []) == nil)
    }

    @Test func aListPreparedOnceSearchesEveryDocumentAlike() throws {
        let names = QNameList([QName(Self.a, "Body"), QName(Self.b, "Header")])
        let first = try XMLDocument(#"<root xmlns:b="urn:b"><b:Body/><b:Header n="1"/></root>"#)
        let second = try XMLDocument(#"<root xmlns:a="urn:a"><a:Header/><a:Body n="2"/></root>"#)
        #expect(first.root.firstDescendant(namedAnyOf: names)?.attribute("n") == "1")
        #expect(second.root.firstDescendant(namedAnyOf: names)?.attribute("n") == "2")
        #expect(try XMLDocument("<root><Body/></root>").root.firstDescendant(namedAnyOf: names) == nil)
    }
}
