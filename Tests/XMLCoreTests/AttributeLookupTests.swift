import Testing
import XMLCore

/// `XMLElement.attribute(_:_:)` tells attributes apart by local name and namespace, as
/// libxml2's `xmlHasNsProp` does: an unqualified name never matches a namespaced attribute,
/// and a namespace matches by its URI whatever the prefix.
@Suite struct AttributeLookupTests {
    @Test func attributesAreFoundByLocalNameAndNamespace() throws {
        let document = try XMLDocument(
            parsing: Array(
                """
                <e xmlns:a="urn:a" xmlns:b="urn:a" xmlns:c="urn:c" Id="plain" a:Id="in-a" c:Other="in-c" xml:lang="en"/>
                """.utf8))
        let element = document.root
        #expect(element.attribute("Id") == "plain")
        #expect(element.attribute("Id", "urn:a") == "in-a")
        #expect(element.attribute("Id", "urn:c") == nil)
        #expect(element.attribute("Other") == nil)
        #expect(element.attribute("Other", "urn:c") == "in-c")
        #expect(element.attribute("Other", "urn:a") == nil)
        #expect(element.attribute("lang", "http://www.w3.org/XML/1998/namespace") == "en")
        #expect(element.attribute("lang") == nil)
        #expect(element.attribute("Missing") == nil)
        #expect(element.attribute("I") == nil)
        #expect(element.attribute("Idd") == nil)
    }
}
