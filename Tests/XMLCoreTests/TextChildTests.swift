import Testing
import XMLCore

/// ``XMLElement/addTextChild(_:text:)`` against ``XMLElement/addChild(_:_:prefix:)`` with the
/// parent's namespace and prefix followed by ``XMLElement/setText(_:)``: the same bytes.
@Suite struct TextChildTests {
    /// A document whose `parent` element is bound as given, under an Envelope declaring `wsc`.
    static func tree(namespace: String?, prefix: String?) -> (XMLDocument, XMLElement) {
        let document = XMLDocument(rootLocalName: "Envelope", namespace: "urn:envelope", prefix: "env")
        document.root.declareNamespace(prefix: "wsc", uri: "urn:wsc")
        let parent = document.root.addChild("Parent", namespace, prefix: prefix)
        return (document, parent)
    }

    @Test(
        arguments: [
            ("urn:wsc", "wsc"), ("urn:other", "wsc"), ("urn:default", nil), ("urn:envelope", "env"), (nil, nil),
        ] as [(String?, String?)])
    func sameBytesAsAddChildThenSetText(namespace: String?, prefix: String?) {
        for text in ["24", "", "a < b & \"c\" > d\r\n", "8Zh3/OO5XS2+KsN5lkxgPw==", "ü ✓"] {
            let (fast, fastParent) = Self.tree(namespace: namespace, prefix: prefix)
            let child = fastParent.addTextChild("Child", text: text)
            let (slow, slowParent) = Self.tree(namespace: namespace, prefix: prefix)
            slowParent.addChild("Child", namespace, prefix: prefix).setText(text)
            #expect(fast.serialize() == slow.serialize())
            #expect(child.namespaceURI == namespace && child.prefix == prefix && child.text == text)
        }
    }
}
