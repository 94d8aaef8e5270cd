import Testing

@testable import XMLCore

/// `replace(withParsedContent:)` parses with the parser context the document was parsed with;
/// libxml2's `xmlParseInNodeContext` is the reference. On random documents from the seeded
/// generator the C14N differential test uses (namespaces declared on ancestors, redeclared,
/// default namespace undeclared, text, CDATA, comments, PIs), the content of each element is
/// serialized, the element emptied but for a placeholder, and the content parsed in the
/// placeholder's place both ways: the documents must serialize and canonicalize alike. The
/// content cut short and with one byte spoiled must be refused alike, or give the same trees.
@Suite struct ContentParsingDifferentialTests {
    static let documentCount = 250

    @Test func ownContextMatchesLibXML2OnRandomDocuments() throws {
        var generator = RandomDocumentGenerator(seed: 0xC0_17E47)
        var compared = 0, refused = 0
        for _ in 0..<Self.documentCount {
            let source = generator.document()
            guard let original = try? XMLDocument(source) else { continue }
            for (index, element) in original.root.descendantsAndSelf.enumerated() {
                let content = original.serializeContent(of: element)
                var variants = [content]
                if content.count > 1 {
                    variants.append(Array(content.prefix(1 + generator.int(content.count - 1))))
                    var spoiled = content
                    spoiled[generator.int(content.count)] = generator.pick(Array("<>&/=\"x: ".utf8))
                    variants.append(spoiled)
                }
                for bytes in variants {
                    let own = try Self.replacing(index, of: source, with: bytes, throughLibXML2: false)
                    let reference = try Self.replacing(index, of: source, with: bytes, throughLibXML2: true)
                    guard own == reference else {
                        Issue.record("source: \(source)\ncontent: \(String(decoding: bytes, as: UTF8.self))\nown: \(own)\nlibxml2: \(reference)")
                        return
                    }
                    compared += 1
                    if own.hasPrefix("refused") { refused += 1 }
                }
            }
        }
        #expect(compared > 1000 && refused > 200, "\(compared) contents compared, \(refused) refused")
    }

    @Test func twoContentsParsedIntoOneDocument() throws {
        let source = """
            <e:Envelope xmlns:e="urn:e" xmlns:w="urn:w"><e:Header><w:Security><w:Hidden/></w:Security></e:Header>\
            <e:Body><w:Hidden/></e:Body></e:Envelope>
            """
        let header = Array(#"<w:Token xmlns:x="urn:x" x:a="1">text</w:Token>"#.utf8)
        let body = Array("\n  <q:Quotes xmlns:q=\"urn:q\"><q:Quote w:id=\"1\">42</q:Quote></q:Quotes>\n".utf8)
        var results: [String] = []
        for throughLibXML2 in [false, true] {
            let document = try XMLDocument(parsing: Array(source.utf8))
            let security = try #require(document.root.firstElementChild?.firstElementChild?.firstElementChild)
            _ = try security.replace(withParsedContent: header, throughLibXML2: throughLibXML2)
            let bodyPlaceholder = try #require(document.root.children.last?.firstElementChild)
            _ = try bodyPlaceholder.replace(withParsedContent: body, throughLibXML2: throughLibXML2)
            results.append(String(decoding: document.serialize(), as: UTF8.self))
        }
        #expect(results[0] == results[1])
        #expect(results[0].contains(#"<e:Body>"# + "\n  " + #"<q:Quotes xmlns:q="urn:q"><q:Quote w:id="1">42</q:Quote></q:Quotes>"#))
    }

    /// The document `source` with the content of its `index`th element (in document order)
    /// replaced by `bytes` parsed in place: serialized and in exclusive canonical form, or
    /// "refused" and the error.
    static func replacing(_ index: Int, of source: String, with bytes: [UInt8], throughLibXML2: Bool) throws -> String {
        let document = try XMLDocument(parsing: Array(source.utf8))
        let element = document.root.descendantsAndSelf[index]
        element.removeAllChildren()
        let placeholder = element.addChild("placeholder", "urn:placeholder", prefix: "placeholder")
        do {
            _ = try placeholder.replace(withParsedContent: bytes, throughLibXML2: throughLibXML2)
        } catch let error as XMLError {
            return "refused: \(error.code)"
        }
        // Exclusive C14N refuses relative namespace URIs, which the generator makes too.
        let canonical = (try? document.canonicalize(document.root, method: .exclusive)).map { String(decoding: $0, as: UTF8.self) }
        return String(decoding: document.serialize(), as: UTF8.self) + "\n" + (canonical ?? "not canonicalized")
    }
}
