import Testing
@testable import XMLCore

/// Tessera's serializer against libxml2's `xmlSaveDoc` / `xmlSaveTree` (with the "UTF-8"
/// encoder, as `XMLDocument` used them) on thousands of random documents from the seeded
/// generator the C14N differential test uses (namespaces on ancestors, redeclared and default
/// undeclared, every character the escaping rules treat specially, non-ASCII text and
/// attributes, CDATA, comments, PIs, empty elements), with and without an XML declaration in
/// the source and in the output, whole documents and every element alone. The writer must
/// handle every one of them and match libxml2 byte for byte, and parsing its output back must
/// give the same exclusive C14N as the original.
@Suite struct SerializationDifferentialTests {
    static let documentCount = 2000
    static let declarations = [
        "", #"<?xml version="1.0"?>"#, #"<?xml version="1.0" encoding="UTF-8"?>"#,
        #"<?xml version="1.0" encoding="utf-8" standalone="yes"?>"#,
        #"<?xml version='1.0' standalone='no'?>"#,
    ]

    @Test func writerMatchesLibXML2OnRandomDocuments() throws {
        var generator = RandomDocumentGenerator(seed: 0x5E71_A112E)
        var documents = 0, elements = 0, unparsable = 0, reparsedCount = 0
        for _ in 0..<Self.documentCount {
            let source = generator.pick(Self.declarations) + generator.document()
            guard let document = try? XMLDocument(source) else { unparsable += 1; continue }
            documents += 1
            for includeDeclaration in [false, true] {
                let own = try #require(
                    document.serializeWithOwnWriter(includeDeclaration: includeDeclaration),
                    "the writer left a parsed document to libxml2: \(source)")
                let reference = document.serializeWithLibXML2(includeDeclaration: includeDeclaration)
                guard own == reference else {
                    Issue.record("document differs (declaration \(includeDeclaration))\nsource: \(source)\n\(Self.describe(reference, own))")
                    return
                }
            }
            for element in document.root.descendantsAndSelf {
                elements += 1
                let own = try #require(document.serializeWithOwnWriter(element), "the writer left an element to libxml2: \(source)")
                let reference = document.serializeWithLibXML2(element)
                guard own == reference else {
                    Issue.record("element \(element.localName) differs\nsource: \(source)\n\(Self.describe(reference, own))")
                    return
                }
            }
            // Documents with a relative namespace URI have no canonical form to compare.
            let exclusive = CanonicalizationMethod.exclusive(withComments: true, inclusivePrefixes: [])
            if let canonical = try? document.canonicalize(document.root, method: exclusive) {
                let reparsed = try XMLDocument(parsing: document.serialize())
                #expect(
                    try reparsed.canonicalize(reparsed.root, method: exclusive) == canonical,
                    "reparsed output canonicalizes differently: \(source)")
                reparsedCount += 1
            }
        }
        #expect(unparsable < Self.documentCount / 20, "the generator should produce well-formed documents")
        #expect(documents > Self.documentCount * 9 / 10)
        #expect(elements > documents * 2, "\(elements) elements in \(documents) documents")
        #expect(reparsedCount > documents * 9 / 10, "\(reparsedCount) of \(documents) reparsed")
    }

    private static func describe(_ reference: [UInt8], _ own: [UInt8]) -> String {
        "libxml2: \(String(decoding: reference, as: UTF8.self))\nwriter:  \(String(decoding: own, as: UTF8.self))"
    }

    /// Trees built through the mutation API (namespaces bound on the fly, copies from other
    /// documents, detached elements, text and attribute values set from Swift strings).
    @Test func writerMatchesLibXML2OnBuiltTrees() throws {
        let document = XMLDocument(rootLocalName: "Envelope", namespace: "urn:env", prefix: "s")
        let header = document.root.addChild("Header", "urn:env", prefix: "s")
        let security = header.addChild("Security", "urn:sec", prefix: "wsse")
        security.setAttribute("mustUnderstand", "urn:env", prefix: "s", value: "1")
        let token = security.addChild("Token", "urn:sec", prefix: "wsse")
        token.setAttribute("Id", "urn:util", prefix: "wsu", value: "a\"b<c>&d\te\nf\rg 'é' €😀")
        token.setText("text & <markup> ]]> \r\n\té漢字😀 \u{1}")
        let body = document.root.addChild("Body", "urn:env", prefix: "s")
        body.declareNamespace(prefix: nil, uri: "urn:default")
        body.addChild("Payload", "urn:default").addText("x")
        body.addChild("Unqualified", nil)
        let copied = body.addCopy(of: try XMLDocument(#"<q:c xmlns:q="urn:q" xmlns:unused="urn:u" a="1"><q:d/><!--c--><?p d?></q:c>"#).root)
        copied.setAttribute("b", value: "ü")
        let detached = body.addChild("Detached", "urn:d", prefix: "d")
        detached.remove()

        for element in document.root.descendantsAndSelf + [detached] {
            #expect(document.serializeWithOwnWriter(element) == document.serializeWithLibXML2(element), "\(element.localName)")
        }
        for includeDeclaration in [false, true] {
            #expect(
                document.serializeWithOwnWriter(includeDeclaration: includeDeclaration)
                    == document.serializeWithLibXML2(includeDeclaration: includeDeclaration))
        }
        // serializeContent goes through serialize(_:) for each child node, text included.
        #expect(document.serializeContent(of: token) == Array("text &amp; &lt;markup&gt; ]]&gt; &#13;\n\té漢字😀 \u{1}".utf8))
    }

    // Expected bytes written out by hand, independently of libxml2.

    @Test func escapesTextAndAttributeValues() throws {
        let document = try XMLDocument("<r a=\"&amp;&lt;&gt;&quot;'&#9;&#10;&#13;x\">&amp;&lt;&gt;\"'&#13;\t\n</r>")
        #expect(document.serialize() == Array("<r a=\"&amp;&lt;&gt;&quot;'&#9;&#10;&#13;x\">&amp;&lt;&gt;\"'&#13;\t\n</r>\n".utf8))
    }

    @Test func nonASCIIAttributeValuesOfAnElementAloneAreCharacterReferencesWithoutDeclaredEncoding() throws {
        let undeclared = try XMLDocument(#"<r a="é€😀">é</r>"#)
        #expect(undeclared.serialize(undeclared.root) == Array(#"<r a="&#xE9;&#x20AC;&#x1F600;">é</r>"#.utf8))
        #expect(undeclared.serialize() == Array("<r a=\"é€😀\">é</r>\n".utf8))
        let declared = try XMLDocument(#"<?xml version="1.0" encoding="UTF-8"?><r a="é">é</r>"#)
        #expect(declared.serialize(declared.root) == Array(#"<r a="é">é</r>"#.utf8))
    }

    @Test func writesDeclarationNamespacesEmptyElementsCDATACommentsAndPIs() throws {
        let document = try XMLDocument(
            """
            <?xml version="1.0" standalone="yes"?><!--before--><p:r xmlns:p="urn:p" xmlns="urn:d" \
            xmlns:xml="http://www.w3.org/XML/1998/namespace"><e/><p:e xml:lang="en"></p:e><![CDATA[a<b>&c]]><?pi  data?><?empty?></p:r>
            """)
        // The parser refuses such a URI; the mutation API does not check.
        document.root.declareNamespace(prefix: "q", uri: #"a"b"#)
        #expect(
            document.serialize(includeDeclaration: true)
                == Array(
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <!--before-->
                    <p:r xmlns:p="urn:p" xmlns="urn:d" xmlns:q='a"b'><e/><p:e xml:lang="en"/><![CDATA[a<b>&c]]><?pi data?><?empty?></p:r>

                    """.utf8))
        // Declarations on ancestors are not repeated for an element alone.
        #expect(document.serialize(document.root.children[1]) == Array(#"<p:e xml:lang="en"/>"#.utf8))
    }

    @Test func namespaceURIWithBothQuotesIsWrittenWithQuot() throws {
        let document = try XMLDocument("<r/>")
        document.root.declareNamespace(prefix: "q", uri: "a\"b'c")
        #expect(document.serialize() == Array("<r xmlns:q=\"a&quot;b'c\"/>\n".utf8))
    }

    /// A non-XML character in an attribute value of an element alone: libxml2 reports it and
    /// writes its bytes one by one; the writer leaves such a tree to libxml2.
    @Test func nonCharacterInAttributeOfElementAloneIsLeftToLibXML2() throws {
        let document = try XMLDocument("<r/>")
        document.root.setAttribute("a", value: "x\u{FFFE}")
        #expect(document.serializeWithOwnWriter(document.root) == nil)
        #expect(document.serialize(document.root) == document.serializeWithLibXML2(document.root))
        #expect(document.serializeWithOwnWriter() == document.serializeWithLibXML2())
    }
}
