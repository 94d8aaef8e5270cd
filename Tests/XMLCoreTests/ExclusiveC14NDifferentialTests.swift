import Testing
@testable import XMLCore

/// Tessera's Exclusive C14N writer against libxml2's `xmlC14NExecute` on thousands of random
/// documents from a seeded generator: namespaces declared at several levels, prefixes redeclared
/// with other URIs, the default namespace set and undeclared, prefixes used only by attributes,
/// unused declarations, xml:* attributes, attributes in several namespaces, every character the
/// escaping rules treat specially, CDATA, comments, PIs, empty elements; a random apex (or the
/// whole document), an optional excluded descendant, a random PrefixList, with and without
/// comments. Every output of the writer must equal libxml2's byte for byte, and the writer must
/// handle nearly every case (so the comparison is not vacuous).
@Suite struct ExclusiveC14NDifferentialTests {
    static let documentCount = 3000

    @Test func writerMatchesLibXML2OnRandomDocuments() throws {
        var generator = RandomDocumentGenerator(seed: 0x7E55_E2A_C14)
        var compared = 0, handled = 0, refusedByBoth = 0, unparsable = 0
        for _ in 0..<Self.documentCount {
            let source = generator.document()
            guard let document = try? XMLDocument(source) else { unparsable += 1; continue }
            let elements = document.root.descendantsAndSelf
            for _ in 0..<3 {
                let apex = generator.chance(0.15) ? nil : generator.pick(elements)
                let inside = elements.filter { candidate in
                    guard let apex else { return candidate != document.root }
                    return candidate != apex && candidate.isDescendant(of: apex)
                }
                let excluded = generator.chance(0.4) && !inside.isEmpty ? generator.pick(inside) : nil
                let method = CanonicalizationMethod.exclusive(
                    withComments: generator.chance(0.5),
                    inclusivePrefixes: generator.prefixList())
                compared += 1
                let reference = try? document.canonicalizeWithLibXML2(apex, method: method, excluding: excluded)
                guard let own = document.canonicalizeWithOwnWriter(apex, method: method, excluding: excluded) else {
                    if reference == nil { refusedByBoth += 1 }
                    continue
                }
                handled += 1
                guard let reference, reference == own else {
                    Issue.record(
                        """
                        writer differs from libxml2 for \(method), apex \(apex?.localName ?? "(document)"), \
                        excluded \(excluded?.localName ?? "none")
                        source: \(source)
                        libxml2: \(reference.map { String(decoding: $0, as: UTF8.self) } ?? "(failed)")
                        writer:  \(String(decoding: own, as: UTF8.self))
                        """)
                    return
                }
            }
        }
        #expect(unparsable < Self.documentCount / 20, "the generator should produce well-formed documents")
        // Only inputs libxml2 refuses (relative namespace URIs) may fall back.
        #expect(handled + refusedByBoth == compared)
        #expect(handled > compared * 9 / 10, "handled \(handled) of \(compared)")
        #expect(refusedByBoth > 0, "the generator should also produce inputs libxml2 refuses")
    }

    @Test func relativeNamespaceURIIsLeftToLibXML2WhichRefusesIt() throws {
        let document = try XMLDocument(#"<r xmlns:p="relative/path"><p:x/></r>"#)
        #expect(document.canonicalizeWithOwnWriter(document.root, method: .exclusive) == nil)
        #expect(throws: XMLError.self) { try document.canonicalize(document.root, method: .exclusive) }
    }

    /// The URIs the writer accepts without asking `xmlParseURI` must be ones libxml2 accepts.
    @Test(arguments: [
        "urn:a", "urn:oasis:names:tc:SAML:2.0:assertion", "http://www.w3.org/2000/09/xmldsig#",
        "https://docs.oasis-open.org/ws-sx/ws-trust/200512", "http://a", "http://a/",
    ])
    func plainAbsoluteURIsAreAcceptedByLibXML2(uri: String) throws {
        #expect(uri.withCString { $0.withMemoryRebound(to: UInt8.self, capacity: 1) { ExclusiveCanonicalWriter.isPlainAbsoluteURI($0) } })
        let document = try XMLDocument(#"<p:r xmlns:p="\#(uri)"/>"#)
        #expect(try document.canonicalizeWithLibXML2(document.root, method: .exclusive) == Array(#"<p:r xmlns:p="\#(uri)"></p:r>"#.utf8))
    }

    @Test(arguments: ["urn:", "urn:a b", "http://", "http:///x", "http://h:80/", "http://h/?q", "http://h/#x", "ftp://h/", "urn:a/b"])
    func otherURIsAreLeftToXMLParseURI(uri: String) {
        #expect(!uri.withCString { $0.withMemoryRebound(to: UInt8.self, capacity: 1) { ExclusiveCanonicalWriter.isPlainAbsoluteURI($0) } })
    }

    @Test func inclusiveCanonicalizationIsNotHandledByTheWriter() throws {
        let document = try XMLDocument(#"<r xmlns="urn:r"><x/></r>"#)
        #expect(document.canonicalizeWithOwnWriter(document.root, method: .inclusive(withComments: false)) == nil)
    }

    @Test func excludedAncestorOfTheApexIsLeftToLibXML2() throws {
        let document = try XMLDocument(#"<r xmlns="urn:r"><a><b/></a></r>"#)
        let a = document.root.children[0], b = a.children[0]
        #expect(document.canonicalizeWithOwnWriter(b, method: .exclusive, excluding: a) == nil)
        #expect(try document.canonicalize(b, method: .exclusive, excluding: a).isEmpty)
    }
}

/// A deterministic generator of well-formed, namespace-heavy XML documents (SplitMix64).
struct RandomDocumentGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    static let prefixes = ["a", "b", "p", "q", "ns1"]
    static let uris = [
        "urn:a", "urn:b", "http://example.com/ns/c", "http://example.org/d", "urn:x:y", "dav:q", "foo:bar",
        "http://www.w3.org/2000/09/xmldsig#", "https://x-1.example/a/b_c.d-e", "HTTP://Upper.example", "http://host:8080/p",
    ]
    static let refusedURIs = ["relative/ns", "#fragment", "../up", "http//missing-colon", "urn"]
    static let localNames = ["e", "f", "Item", "x-y", "z.1"]
    static let attributeNames = ["id", "a", "b", "Z", "m", "a1"]
    static let textPieces = [
        "x", "hello", " ", "&amp;", "&lt;", "&gt;", ">", "\"", "'", "\t", "\n", "&#13;", "&#9;",
        "é", "漢字", "😀", "]]&gt;", "a&#10;b",
    ]
    static let attributeValuePieces = [
        "v", " ", "&amp;", "&lt;", ">", "&quot;", "'", "&#9;", "&#10;", "&#13;", "\t", "\n",
        "ü", "€", "😀", "x y",
    ]

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ probability: Double) -> Bool { Double(next() % 1_000_000) < probability * 1_000_000 }
    mutating func pick<T>(_ values: [T]) -> T { values[int(values.count)] }

    mutating func prefixList() -> [String] {
        guard chance(0.5) else { return [] }
        var list: [String] = []
        for candidate in Self.prefixes + ["#default", "xml", "unknown"] where chance(0.3) { list.append(candidate) }
        return list
    }

    mutating func document() -> String {
        var text = ""
        for _ in 0..<int(3) { text += misc() }
        text += element(depth: 0, scope: [:], defaultNamespace: nil)
        for _ in 0..<int(3) { text += misc() }
        return text
    }

    private mutating func misc() -> String {
        chance(0.5) ? "<!--\(commentText())-->" : processingInstruction()
    }

    private mutating func commentText() -> String {
        pick(["", " c ", "x", "a&b<c>", "é\t\n", "- x"])
    }

    private mutating func processingInstruction() -> String {
        let data = pick(["", "data", " spaced  data ", "a<b>&c", "é"])
        return "<?\(pick(["pi", "tgt", "x-y"]))\(data.isEmpty ? "" : " " + data)?>"
    }

    /// `scope` maps each declared prefix to its URI; `defaultNamespace` is nil when none is
    /// in scope (or it was undeclared).
    private mutating func element(depth: Int, scope: [String: String], defaultNamespace: String?) -> String {
        var scope = scope, defaultNamespace = defaultNamespace
        var declarations: [String] = []
        var declaredHere: Set<String> = []
        for _ in 0..<int(depth == 0 ? 4 : 3) where chance(0.6) {
            let prefix = pick(Self.prefixes)
            guard !declaredHere.contains(prefix) else { continue }
            declaredHere.insert(prefix)
            let uri = chance(0.004) ? pick(Self.refusedURIs) : pick(Self.uris)
            scope[prefix] = uri
            declarations.append(#"xmlns:\#(prefix)="\#(uri)""#)
        }
        if chance(0.3) {
            if defaultNamespace != nil, chance(0.4) {
                declarations.append(#"xmlns="""#)
                defaultNamespace = nil
            } else {
                let uri = pick(Self.uris)
                declarations.append(#"xmlns="\#(uri)""#)
                defaultNamespace = uri
            }
        }
        let declared = Array(scope.keys).sorted()
        let name = (!declared.isEmpty && chance(0.5) ? pick(declared) + ":" : "") + pick(Self.localNames)

        var attributes: [String] = []
        var used: Set<String> = []
        for _ in 0..<int(5) {
            var prefix: String? = nil
            if !declared.isEmpty, chance(0.4) { prefix = pick(declared) }
            let local = pick(Self.attributeNames)
            let key = (prefix.map { scope[$0]! } ?? "") + "|" + local
            guard !used.contains(key) else { continue }
            used.insert(key)
            attributes.append(#"\#(prefix.map { $0 + ":" } ?? "")\#(local)="\#(attributeValue())""#)
        }
        if chance(0.2) { attributes.append(#"xml:lang="\#(pick(["en", "fr-CA", ""]))""#) }
        if chance(0.1) { attributes.append(#"xml:space="\#(pick(["preserve", "default"]))""#) }
        // Shuffle declarations and attributes together: order in the source must not matter.
        var items = declarations + attributes
        for index in items.indices.reversed() where index > 0 { items.swapAt(index, int(index + 1)) }

        let open = "<\(name)\(items.map { " " + $0 }.joined())"
        if chance(0.2) { return open + "/>" }
        var content = ""
        let childCount = depth >= 5 ? int(2) : int(5)
        for _ in 0..<childCount {
            switch int(10) {
            case 0...3 where depth < 5: content += element(depth: depth + 1, scope: scope, defaultNamespace: defaultNamespace)
            case 4, 5: content += text()
            case 6: content += "<![CDATA[\(pick(["", "a<b>&c", "\r\n", "]]", "é\t"]))]]>"
            case 7: content += "<!--\(commentText())-->"
            case 8: content += processingInstruction()
            default: content += text()
            }
        }
        return open + ">" + content + "</\(name)>"
    }

    private mutating func text() -> String {
        (0..<(1 + int(4))).map { _ in pick(Self.textPieces) }.joined()
    }

    private mutating func attributeValue() -> String {
        (0..<int(4)).map { _ in pick(Self.attributeValuePieces) }.joined()
    }
}
