import Testing

@testable import XMLCore

/// ``XMLElement/mayHaveAttributes`` is false only where ``XMLElement/attribute(_:_:)`` can find
/// nothing: an element without attributes of its own in a document without a DTD.
@Suite struct MayHaveAttributesTests {
    @Test func onlyAnElementWithoutAttributesHasNone() throws {
        let document = try XMLDocument(#"<r xmlns:w="urn:w"><a/><b x="1"/><c w:Id="i"/></r>"#)
        let (a, b, c) = (document.root.children[0], document.root.children[1], document.root.children[2])
        #expect(!document.root.mayHaveAttributes)
        #expect(!a.mayHaveAttributes && a.attribute("x") == nil)
        #expect(b.mayHaveAttributes && b.attribute("x") == "1")
        #expect(c.mayHaveAttributes && c.attribute("Id", "urn:w") == "i")
        let built = XMLDocument(rootLocalName: "r", namespace: nil)
        #expect(!built.root.mayHaveAttributes)
        built.root.setAttribute("Id", value: "x")
        #expect(built.root.mayHaveAttributes)
    }
}
