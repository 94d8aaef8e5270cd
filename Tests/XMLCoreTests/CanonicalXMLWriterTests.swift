import Testing
@testable import XMLCore

/// ``CanonicalXMLWriter`` writes elements in their Exclusive C14N form without a tree: on random
/// element trees (prefixes rebound to other URIs at several levels, attributes in and out of
/// namespaces, every character the escaping rules treat specially, a random PrefixList) its
/// bytes must equal libxml2's `xmlC14NExecute` over the same elements built as a tree, and parse
/// back to a document whose canonical form is those bytes again.
@Suite struct CanonicalXMLWriterTests {
    static let treeCount = 1500

    /// Each prefix has URIs of its own, so that a tree's attribute finds its prefix by URI.
    static let namespaces: [(prefix: String, uris: [String])] = [
        ("a", ["urn:a", "urn:a:other"]), ("b", ["http://example.com/b"]), ("p", ["urn:p", "http://example.org/p#"]),
        ("ds", ["http://www.w3.org/2000/09/xmldsig#"]), ("saml2", ["urn:oasis:names:tc:SAML:2.0:assertion"]),
    ]
    static let localNames: [StaticString] = ["e", "f", "Item", "x-y", "z.1", "Assertion"]
    static let attributeNames: [StaticString] = ["id", "a", "b", "Z", "m", "a1", "ID", "Algorithm"]
    static let texts = ["x", "hello world", " ", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "a\r\nb", "é", "漢字", "😀", "]]>", "\u{FFFD}", ""]

    /// A random element tree, written both ways: the writer and the tree.
    struct Tree: ~Copyable {
        var writer: CanonicalXMLWriter
        let document: XMLDocument
        let prefixList: [String]
    }

    @Test func writerMatchesLibXML2OnRandomTrees() throws {
        var random = RandomDocumentGenerator(seed: 0xC4_0_1C_A1)
        for index in 0..<Self.treeCount {
            let tree = try Self.randomTree(&random)
            let method = CanonicalizationMethod.exclusive(withComments: false, inclusivePrefixes: tree.prefixList)
            let reference = try tree.document.canonicalizeWithLibXML2(tree.document.root, method: method)
            let written = tree.writer.bytes
            guard written == reference else {
                Issue.record("tree \(index): writer \(written.utf8String)\nlibxml2 \(reference.utf8String)")
                return
            }
            let parsed = try XMLDocument(parsing: written)
            #expect(try parsed.canonicalizeWithLibXML2(parsed.root, method: method) == written, "tree \(index) does not parse back to its form")
        }
    }

    @Test func charactersXMLDoesNotAllowAreRefusedAndNothingIsWritten() throws {
        let namespace = CanonicalXMLWriter.Namespace(prefix: "p", uri: "urn:p")
        var writer = CanonicalXMLWriter()
        writer.startElement("e", namespace)
        try writer.attribute("ok", "v")
        expectXMLError(.invalidStructure) { try writer.attribute("a", "x\u{1}y") }
        expectXMLError(.invalidStructure) { try writer.attribute("a", "x\u{FFFE}") }
        expectXMLError(.invalidStructure) { try writer.text("before \u{0} after") }
        expectXMLError(.invalidStructure) { try writer.text("\u{FFFF}") }
        try writer.text("kept\u{FFFD}\u{10000}")
        writer.endElement()
        #expect(writer.bytes.utf8String == "<p:e xmlns:p=\"urn:p\" ok=\"v\">kept\u{FFFD}\u{10000}</p:e>")
    }

    /// An element inserted where an open element renders the binding of one of its top-level
    /// declarations leaves that declaration out, on its first element or deeper, as exclusive
    /// C14N of the whole does.
    @Test func insertedElementsTakeTheFormTheyHaveInPlace() throws {
        let ds = CanonicalXMLWriter.Namespace(prefix: "ds", uri: "http://www.w3.org/2000/09/xmldsig#")
        let ec = CanonicalXMLWriter.Namespace(prefix: "ec", uri: "http://www.w3.org/2001/10/xml-exc-c14n#")
        var inner = CanonicalXMLWriter()
        inner.startElement("SignedInfo", ds)
        inner.startElement("InclusiveNamespaces", ec)
        try inner.attribute("PrefixList", "xs")
        inner.endElement()
        inner.endElement()
        #expect(inner.bytes.utf8String.hasPrefix("<ds:SignedInfo xmlns:ds="))

        var outer = CanonicalXMLWriter()
        outer.startElement("Signature", ds)
        outer.insert(inner, at: outer.position())
        try outer.element("SignatureValue", ds, text: "AA==")
        outer.endElement()
        let tree = try XMLDocument(
            """
            <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#">\
            <ds:SignedInfo><ec:InclusiveNamespaces PrefixList="xs"/></ds:SignedInfo><ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>
            """)
        #expect(outer.bytes == (try tree.canonicalizeWithLibXML2(tree.root, method: .exclusive)))

        var context = CanonicalXMLWriter()
        context.startElement("Holder", ec)
        context.insert(inner, at: context.position())
        context.endElement()
        let holder = try XMLDocument(
            """
            <ec:Holder xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#"><ds:SignedInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">\
            <ec:InclusiveNamespaces PrefixList="xs"/></ds:SignedInfo></ec:Holder>
            """)
        #expect(context.bytes == (try holder.canonicalizeWithLibXML2(holder.root, method: .exclusive)))
    }

    /// Random written elements placed in random contexts (elements using the same prefixes with
    /// the same or other URIs), as placeholders and through a writer that inserts them: each
    /// serializes as its own bytes and canonicalizes as libxml2 canonicalizes what a receiver
    /// parses.
    @Test func writtenElementsTakeTheFormTheyHaveInAnyContext() throws {
        var random = RandomDocumentGenerator(seed: 0xD0_C0_47E_47)
        for index in 0..<300 {
            let tree = try Self.randomTree(&random, prefixList: false)
            let verbatim = try VerbatimElement(written: tree.writer)
            let (context, innermost) = Self.randomContext(&random)
            innermost.addVerbatimOrCopy(verbatim)
            // What a receiver reads: the bytes in place, parsed.
            let serialized = context.serialize()
            #expect(serialized.utf8String.contains(verbatim.bytes.utf8String))
            let received = try XMLDocument(parsing: serialized)
            let method: CanonicalizationMethod = .exclusive
            guard try context.canonicalize(context.root, method: method) == received.canonicalizeWithLibXML2(received.root, method: method) else {
                Issue.record("element \(index) in context \(serialized.utf8String)")
                return
            }

            // Inserted by a writer under an element binding one of the prefixes it may use.
            let (prefix, uri) = Self.randomBinding(&random)
            var outer = CanonicalXMLWriter()
            outer.startElement("Wrapper", CanonicalXMLWriter.Namespace(prefix: prefix, uri: uri))
            outer.insert(verbatim, at: outer.position())
            outer.endElement()
            let wrapped = try XMLDocument(
                parsing: Array("<\(prefix):Wrapper xmlns:\(prefix)=\"\(uri)\">".utf8) + verbatim.bytes + Array("</\(prefix):Wrapper>".utf8))
            #expect(outer.bytes == (try wrapped.canonicalizeWithLibXML2(wrapped.root, method: method)), "element \(index) inserted")
        }
    }

    // MARK: Placeholders

    static let wst = "http://docs.oasis-open.org/ws-sx/ws-trust/200512"
    static let body = """
        <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body \
        xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="B">\
        <wst:RequestedSecurityToken xmlns:wst="\(wst)"/></s:Body></s:Envelope>
        """

    /// An assertion-like element with a PrefixList and its form without one.
    static func written() throws -> VerbatimElement {
        let saml = CanonicalXMLWriter.Namespace(prefix: "saml2", uri: "urn:oasis:names:tc:SAML:2.0:assertion")
        let xs = CanonicalXMLWriter.Namespace(prefix: "xs", uri: "http://www.w3.org/2001/XMLSchema")
        let xsi = CanonicalXMLWriter.Namespace(prefix: "xsi", uri: "http://www.w3.org/2001/XMLSchema-instance")
        func write(_ writer: inout CanonicalXMLWriter) throws {
            writer.startElement("Assertion", saml)
            try writer.attribute("ID", "_a1")
            try writer.attribute("Version", "2.0")
            writer.startElement("AttributeValue", saml)
            try writer.attribute("type", xsi, "xs:string")
            try writer.text("r & <d>")
            writer.endElement()
            writer.endElement()
        }
        var withPrefixList = CanonicalXMLWriter(inclusiveNamespaces: [xs])
        try write(&withPrefixList)
        var exclusive = CanonicalXMLWriter()
        try write(&exclusive)
        return try VerbatimElement(written: withPrefixList, exclusiveForm: exclusive)
    }

    /// The same document with a parsed copy where the placeholder stands.
    static func withCopy(of verbatim: VerbatimElement, under path: (XMLDocument) -> XMLElement) throws -> XMLDocument {
        let document = try XMLDocument(body)
        path(document).addCopy(of: verbatim.parsedElement)
        return document
    }

    static func holder(_ document: XMLDocument) -> XMLElement { document.root.children[0].children[0] }

    @Test func aWrittenElementCanonicalizesInPlaceAsItsCopyDoes() throws {
        let verbatim = try Self.written()
        #expect(verbatim.bytes.utf8String.hasPrefix(#"<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="#))
        let document = try XMLDocument(Self.body)
        let placeholder = Self.holder(document).addVerbatimOrCopy(verbatim)
        #expect(document.verbatimElements.count == 1 && placeholder.children.isEmpty)
        #expect(placeholder.attribute("ID") == "_a1" && placeholder.attribute("Version") == nil)
        let copy = try Self.withCopy(of: verbatim, under: Self.holder)
        let body = document.root.children[0]
        for apex in [body, Self.holder(document), placeholder] {
            let path = apex == body ? [0] : apex == placeholder ? [0, 0, 0] : [0, 0]
            let copied = path.reduce(copy.root) { $0.children[$1] }
            #expect(try document.canonicalize(apex, method: .exclusive) == copy.canonicalizeWithLibXML2(copied, method: .exclusive))
        }
        // Excluded (an enveloped signature's place), the placeholder contributes nothing.
        #expect(
            try document.canonicalize(body, method: .exclusive, excluding: placeholder).utf8String.hasSuffix(
                "<wst:RequestedSecurityToken xmlns:wst=\"\(Self.wst)\"></wst:RequestedSecurityToken></s:Body>"))
        #expect(document.serialize().utf8String.contains(verbatim.bytes.utf8String))
        let received = try XMLDocument(parsing: document.serialize())
        #expect(try received.canonicalize(received.root.children[0], method: .exclusive) == document.canonicalize(body, method: .exclusive))
    }

    /// A PrefixList or inclusive C14N around a placeholder renders what its form does not hold:
    /// refused. An element read from bytes carries no canonical form and goes in as a copy.
    @Test func whatTheFormDoesNotAnswerIsRefused() throws {
        let verbatim = try Self.written()
        let document = try XMLDocument(Self.body)
        let holder = Self.holder(document)
        let placeholder = holder.addVerbatim(verbatim)
        #expect(try document.canonicalize(placeholder, method: .exclusive) == verbatim.bytesOfExclusiveForm)
        expectXMLError(.canonicalizationFailed) { _ = try document.canonicalize(holder, method: .exclusive(withComments: false, inclusivePrefixes: ["wsu"])) }
        expectXMLError(.canonicalizationFailed) { _ = try document.canonicalize(holder, method: .inclusive(withComments: false)) }
        let read = try VerbatimElement(bytes: verbatim.bytes)
        let copy = holder.addVerbatimOrCopy(read)
        #expect(document.verbatimElements.count == 1 && !copy.children.isEmpty)
    }

    @Test func anElementBeyondTheParsingLimitsIsNotKeptUnparsed() throws {
        let namespace = CanonicalXMLWriter.Namespace(prefix: "p", uri: "urn:p")
        var writer = CanonicalXMLWriter()
        for _ in 0..<5 { writer.startElement("e", namespace) }
        for _ in 0..<5 { writer.endElement() }
        expectXMLError(.limitExceeded) { _ = try VerbatimElement(written: writer, limits: XMLParsingLimits(maxDepth: 4)) }
        #expect(try VerbatimElement(written: writer, limits: XMLParsingLimits(maxDepth: 5)).parsedElement.localName == "e")
    }

    // MARK: Random trees

    static func randomTree(_ random: inout RandomDocumentGenerator, prefixList withPrefixList: Bool = true) throws -> Tree {
        var bindings: [String: String] = [:]
        for namespace in namespaces { bindings[namespace.prefix] = random.pick(namespace.uris) }
        let rootPrefix = random.pick(namespaces).prefix
        var prefixList: [String] = []
        for namespace in namespaces where withPrefixList && random.chance(0.2) { prefixList.append(namespace.prefix) }
        var writer = CanonicalXMLWriter(inclusiveNamespaces: prefixList.map { CanonicalXMLWriter.Namespace(prefix: $0, uri: bindings[$0]!) })
        let rootName = random.pick(localNames)
        let document = XMLDocument(rootLocalName: rootName.description, namespace: bindings[rootPrefix], prefix: rootPrefix)
        for prefix in prefixList where prefix != rootPrefix { document.root.declareNamespace(prefix: prefix, uri: bindings[prefix]!) }
        try element(&writer, document.root, name: rootName, prefix: rootPrefix, bindings: bindings, depth: 0, &random)
        return Tree(writer: writer, document: document, prefixList: prefixList)
    }

    /// Writes the element `node` is in the tree (already created with `prefix`) and its content.
    static func element(
        _ writer: inout CanonicalXMLWriter, _ node: XMLElement, name: StaticString, prefix: String, bindings: [String: String], depth: Int,
        _ random: inout RandomDocumentGenerator
    ) throws {
        writer.startElement(name, CanonicalXMLWriter.Namespace(prefix: prefix, uri: bindings[prefix]!))
        var usedNames: [String] = []
        for _ in 0..<random.int(4) {
            let attributeName = random.pick(attributeNames)
            guard !usedNames.contains(attributeName.description) else { continue }
            usedNames.append(attributeName.description)
            let value = (0..<random.int(4)).map { _ in random.pick(texts) }.joined()
            if random.chance(0.3) {
                let attributePrefix = random.pick(namespaces).prefix
                let uri = bindings[attributePrefix]!
                try writer.attribute(attributeName, CanonicalXMLWriter.Namespace(prefix: attributePrefix, uri: uri), value)
                node.setAttribute(attributeName.description, uri, prefix: attributePrefix, value: value)
            } else {
                try writer.attribute(attributeName, value)
                node.setAttribute(attributeName.description, value: value)
            }
        }
        for _ in 0..<(depth < 4 ? random.int(4) : 0) {
            if random.chance(0.3) {
                let text = random.pick(texts)
                try writer.text(text)
                node.addText(text)
                continue
            }
            var childBindings = bindings
            let childPrefix = random.pick(namespaces).prefix
            // Now and then a prefix is bound to its other URI below.
            if random.chance(0.25), let other = namespaces.first(where: { $0.prefix == childPrefix })?.uris.randomElement(using: &random) {
                childBindings[childPrefix] = other
            }
            let childName = random.pick(localNames)
            let child = node.addChild(childName.description, childBindings[childPrefix], prefix: childPrefix)
            try element(&writer, child, name: childName, prefix: childPrefix, bindings: childBindings, depth: depth + 1, &random)
        }
        writer.endElement()
    }
}

extension CanonicalXMLWriterTests {
    /// A chain of one to three elements, each in a random namespace binding (a prefix of
    /// ``namespaces`` with one of its URIs, or another URI) and using another prefix in an
    /// attribute now and then; returns the document and its innermost element.
    /// A prefix of ``namespaces`` with one of its URIs, or now and then another URI.
    static func randomBinding(_ random: inout RandomDocumentGenerator) -> (String, String) {
        let namespace = random.pick(namespaces)
        return (namespace.prefix, random.chance(0.2) ? "urn:other:\(namespace.prefix)" : random.pick(namespace.uris))
    }

    static func randomContext(_ random: inout RandomDocumentGenerator) -> (XMLDocument, XMLElement) {
        let binding = randomBinding
        let (prefix, uri) = binding(&random)
        let document = XMLDocument(rootLocalName: "Context", namespace: uri, prefix: prefix)
        var innermost = document.root
        for depth in 0..<random.int(3) {
            if random.chance(0.5) {
                let (attributePrefix, attributeURI) = binding(&random)
                if innermost.namespaceURI(forPrefix: attributePrefix) == nil || innermost.namespaceURI(forPrefix: attributePrefix) == attributeURI {
                    innermost.setAttribute("at\(depth)", attributeURI, prefix: attributePrefix, value: "v")
                }
            }
            let (childPrefix, childURI) = binding(&random)
            innermost = innermost.addChild("Level\(depth)", childURI, prefix: childPrefix)
        }
        return (document, innermost)
    }

}

extension RandomDocumentGenerator: RandomNumberGenerator {}

extension VerbatimElement {
    var bytesOfExclusiveForm: [UInt8] { canonicalForm?.bytes ?? [] }
}
