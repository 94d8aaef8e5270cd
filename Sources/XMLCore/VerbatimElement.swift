internal import CLibXML2

/// An element serialized elsewhere whose bytes a message carries unchanged: a signed token
/// forwarded in many messages. ``XMLElement/addVerbatim(_:)`` puts a placeholder in the tree
/// (the element's name and ID attributes, no content) and ``XMLDocument/serialize(includeDeclaration:)``
/// writes these bytes in its place, so the token is neither parsed nor copied per message. An
/// element a ``CanonicalXMLWriter`` wrote goes in the same way (``init(written:limits:)``),
/// instead of as tree nodes.
///
/// Bytes from a document are checked once, when the value is made: a well-formed, namespace-well-formed
/// UTF-8 document within the limits, holding the one element and nothing else but whitespace
/// and an XML 1.0 declaration (no comment, no processing instruction, no byte order mark).
/// Only the element's own bytes are kept. Every prefix the element uses is therefore declared
/// inside it; only the default namespace can come from where it is placed (see
/// ``keepsItsMeaning(under:)``).
public struct VerbatimElement: Sendable {
    /// One ID attribute of the element (``IDAttribute``), repeated on the placeholder so that
    /// references and the ID index find it.
    struct IDAttributeValue: Sendable {
        let localName: String
        let namespace: String?
        let prefix: String?
        let value: String
    }

    /// The element, exactly as it is written.
    public let bytes: [UInt8]
    let localName: String
    let namespace: String?
    let prefix: String?
    let idAttributes: [IDAttributeValue]
    /// Whether the element declares the default namespace (or undeclares it) itself.
    let declaresDefaultNamespace: Bool
    let containsProcessingInstructions: Bool
    /// Whether every element and attribute name has a prefix (``CanonicalXMLWriter``'s): then
    /// no default namespace changes what the bytes say.
    let namesEverythingWithAPrefix: Bool
    let limits: XMLParsingLimits
    /// For an element ``CanonicalXMLWriter`` wrote: its Exclusive C14N form without comments and
    /// without a PrefixList, its top-level declarations, and its sizes.
    let canonicalForm: CanonicalForm?

    /// An element's Exclusive C14N form on its own (without comments and without a PrefixList).
    /// In a document, exclusive C14N gives it the same form less those of its top-level
    /// declarations whose binding an output ancestor renders (xml-exc-c14n §3: nothing else
    /// of the context reaches into an element that names everything with a prefix).
    struct CanonicalForm: Sendable {
        let bytes: [UInt8]
        let declarations: [CanonicalXMLWriter.TopLevelDeclaration]
        let elementCount: Int
        let maxDepth: Int
        let maxAttributes: Int
        let maxTextBytes: Int

        init(_ writer: borrowing CanonicalXMLWriter) {
            bytes = writer.bytes
            declarations = writer.topLevelDeclarations
            elementCount = writer.elementCount
            maxDepth = writer.maxDepth
            maxAttributes = writer.maxAttributes
            maxTextBytes = writer.maxTextBytes
        }
    }

    /// Checks `document` as described above and keeps the element's bytes.
    ///
    /// - Throws: ``XMLError`` when the bytes do not parse within `limits`, or hold anything
    ///   but the one element, whitespace and an XML 1.0 declaration naming no encoding or UTF-8.
    public init(bytes document: [UInt8], limits: XMLParsingLimits = .default) throws {
        let parsed = try XMLDocument(parsing: document, limits: limits)
        let root = parsed.root
        guard parsed.pointer.pointee.children == root.node, root.node.pointee.next == nil,
            LibXML2.string(parsed.pointer.pointee.version) ?? "1.0" == "1.0",
            (LibXML2.string(parsed.pointer.pointee.encoding)?.uppercased() ?? "UTF-8") == "UTF-8",
            let span = Self.elementSpan(document)
        else {
            throw XMLError(.invalidStructure, "verbatim bytes must be one UTF-8 element with nothing but whitespace and an XML declaration around it")
        }
        bytes = Array(document[span])
        self.limits = limits
        localName = root.localName
        namespace = root.namespaceURI
        prefix = root.prefix
        containsProcessingInstructions = parsed.containsProcessingInstructions
        var declaresDefault = false
        var declaration = root.node.pointee.nsDef
        while let ns = declaration {
            if ns.pointee.prefix == nil { declaresDefault = true }
            declaration = ns.pointee.next
        }
        declaresDefaultNamespace = declaresDefault
        var ids: [IDAttributeValue] = []
        IDAttribute.libxml2Names.withMatcher { names in
            var attribute = root.node.pointee.properties
            while let current = attribute {
                if names.contains(name: current.pointee.name, ns: current.pointee.ns) {
                    ids.append(
                        IDAttributeValue(
                            localName: LibXML2.string(current.pointee.name) ?? "",
                            namespace: current.pointee.ns.flatMap { LibXML2.string($0.pointee.href) },
                            prefix: current.pointee.ns.flatMap { LibXML2.string($0.pointee.prefix) },
                            value: LibXML2.attributeValue(current, in: root.node)))
                }
                attribute = current.pointee.next
            }
        }
        idAttributes = ids
        namesEverythingWithAPrefix = false
        canonicalForm = nil
    }

    /// The element `writer` wrote, kept as its bytes without parsing them: a
    /// ``CanonicalXMLWriter`` writes one well-formed, namespace-well-formed UTF-8 element whose
    /// prefixes it declares itself, and nothing else. Written without a PrefixList, the bytes
    /// are its canonical form too, which a canonicalization renders in place of the placeholder
    /// (``XMLDocument/canonicalize(_:method:excluding:)``); the elements the writer inserted
    /// (``CanonicalXMLWriter/insert(_:at:)-(VerbatimElement,_)``) go out as their own bytes.
    ///
    /// - Throws: ``XMLError`` `limitExceeded` when a parser reading the bytes within `limits`
    ///   would refuse them.
    public init(written writer: borrowing CanonicalXMLWriter, limits: XMLParsingLimits = .default) throws {
        let form = writer.hasInclusiveNamespaces ? nil : CanonicalForm(writer)
        try self.init(
            writer, serialization: form.map { writer.splices.isEmpty ? $0.bytes : writer.serialization } ?? writer.serialization, canonicalForm: form,
            limits: limits)
    }

    /// The element `writer` wrote with a PrefixList (``init(written:limits:)``), and
    /// `exclusiveForm`, the same element written without one: the canonical form a
    /// canonicalization renders in place of the placeholder.
    public init(written writer: borrowing CanonicalXMLWriter, exclusiveForm: borrowing CanonicalXMLWriter, limits: XMLParsingLimits = .default) throws {
        precondition(exclusiveForm.isComplete && !exclusiveForm.hasInclusiveNamespaces, "the exclusive form is a whole element written without a PrefixList")
        try self.init(writer, serialization: writer.serialization, canonicalForm: CanonicalForm(exclusiveForm), limits: limits)
    }

    private init(_ writer: borrowing CanonicalXMLWriter, serialization: [UInt8], canonicalForm: CanonicalForm?, limits: XMLParsingLimits) throws {
        guard writer.isComplete, let apex = writer.apex else { preconditionFailure("the writer has not written a whole element") }
        guard serialization.count <= limits.maxDocumentBytes, writer.elementCount <= limits.maxElements, writer.maxDepth <= limits.maxDepth,
            writer.maxAttributes <= min(limits.maxAttributesPerElement, limits.maxNamespaceDeclarationsPerElement),
            writer.maxTextBytes <= limits.maxTextBytes
        else {
            throw XMLError(.limitExceeded, "the written element exceeds the parsing limits")
        }
        bytes = serialization
        self.limits = limits
        localName = apex.localName
        namespace = apex.namespace.uri
        prefix = apex.namespace.prefix
        idAttributes = apex.attributes.compactMap { attribute in
            guard IDAttribute.names.contains(QName(attribute.namespace?.uri, attribute.localName)) else { return nil }
            return IDAttributeValue(
                localName: attribute.localName, namespace: attribute.namespace?.uri, prefix: attribute.namespace?.prefix, value: attribute.value)
        }
        declaresDefaultNamespace = false
        containsProcessingInstructions = false
        namesEverythingWithAPrefix = true
        self.canonicalForm = canonicalForm
    }

    /// Where the document element stands in `document`, a document that parsed with nothing
    /// but whitespace and an XML declaration around its element: after the declaration and
    /// whitespace, before trailing whitespace; nil when it does not start and end as an element.
    private static func elementSpan(_ document: [UInt8]) -> Range<Int>? {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var start = 0
        if document.starts(with: Array("<?xml".utf8)), document.count > 5, isSpace(document[5]) {
            let closes = { (index: Int) in document[index] == UInt8(ascii: "?") && index + 1 < document.count && document[index + 1] == UInt8(ascii: ">") }
            guard let close = document.indices.dropFirst(5).first(where: closes) else { return nil }
            start = close + 2
        }
        var end = document.count
        while start < end, isSpace(document[start]) { start += 1 }
        while end > start, isSpace(document[end - 1]) { end -= 1 }
        guard end - start >= 2, document[start] == UInt8(ascii: "<"), document[start + 1] != UInt8(ascii: "?"),
            document[start + 1] != UInt8(ascii: "!"), document[end - 1] == UInt8(ascii: ">")
        else { return nil }
        return start..<end
    }

    /// Whether the bytes, placed as a child of `parent`, mean what they meant on their own: the
    /// element declares its default namespace itself, or none is in scope at `parent`, or it
    /// names nothing without a prefix (``CanonicalXMLWriter``'s). Otherwise a receiver would
    /// read the element's unprefixed descendants in the default namespace of the context, and
    /// its canonical form (Exclusive C14N §3; WSS 1.1 §8.3) would change with them.
    public func keepsItsMeaning(under parent: XMLElement) -> Bool {
        declaresDefaultNamespace || namesEverythingWithAPrefix || parent.namespaceURI(forPrefix: nil) == nil
    }

    /// The element parsed from its bytes, the root of a document of its own.
    public var parsedElement: XMLElement { parsed().root }

    /// The element parsed on its own, in a document of its own.
    func parsed() -> XMLDocument {
        do {
            return try XMLDocument(parsing: bytes, limits: limits)
        } catch {
            // The same bytes parsed within the same limits when the value was made.
            preconditionFailure("verbatim bytes that parsed once no longer parse: \(error)")
        }
    }
}

extension XMLElement {
    /// Appends a placeholder for `verbatim`: an element with its name and ID attributes and no
    /// content, written as `verbatim.bytes` when the document is serialized. The placeholder is
    /// for references by ID (a signature whose digest of the element was computed from the
    /// bytes); canonicalizing a subtree that holds it throws, since the tree does not hold the
    /// content, unless the element carries its canonical form and keeps it there. Check
    /// ``VerbatimElement/keepsItsMeaning(under:)`` before placing it.
    @discardableResult
    public func addVerbatim(_ verbatim: VerbatimElement) -> XMLElement {
        let placeholder = addChild(verbatim.localName, verbatim.namespace, prefix: verbatim.prefix)
        for attribute in verbatim.idAttributes {
            placeholder.setAttribute(attribute.localName, attribute.namespace, prefix: attribute.prefix, value: attribute.value)
        }
        document.registerVerbatim(placeholder.node, verbatim)
        return placeholder
    }

    /// Appends `verbatim` as a placeholder (``addVerbatim(_:)``) where it keeps its meaning and
    /// carries its canonical form (an element a ``CanonicalXMLWriter`` wrote), so that the
    /// document both serializes and canonicalizes with it; otherwise a copy of the element
    /// parsed from its bytes. Returns the placeholder or the copy.
    @discardableResult
    public func addVerbatimOrCopy(_ verbatim: VerbatimElement) -> XMLElement {
        guard verbatim.canonicalForm != nil, verbatim.keepsItsMeaning(under: self) else {
            return addCopy(of: verbatim.parsed().root)
        }
        return addVerbatim(verbatim)
    }
}

extension XMLDocument {
    /// The bytes written for `node`, when it is a placeholder of this document.
    func verbatimBytes(for node: xmlNodePtr) -> [UInt8]? {
        verbatimElements.first { $0.node == node }?.element.bytes
    }

    /// Whether the subtree at `apex` (the whole document when nil), without `excluded`'s
    /// subtree, holds a placeholder; throws when one of them carries no canonical form, which
    /// the tree does not hold either.
    func holdsVerbatimElements(under apex: xmlNodePtr?, excluding excluded: xmlNodePtr?) throws -> Bool {
        var holds = false
        for (node, element) in verbatimElements where isAttached(node) {
            var inside = apex == nil
            var current: xmlNodePtr? = node
            while let candidate = current {
                if candidate == excluded { inside = false; break }
                if candidate == apex { inside = true; break }
                current = candidate.pointee.parent
            }
            guard inside else { continue }
            guard element.canonicalForm != nil else {
                throw XMLError(.canonicalizationFailed, "the subtree holds an element whose content is written only at serialization")
            }
            holds = true
        }
        return holds
    }

    /// Replaces every placeholder by a copy of the element it stands for, for libxml2's
    /// serializer, which knows nothing of placeholders.
    func materializeVerbatimElements() {
        let placed = verbatimElements
        verbatimElements = []
        for (node, verbatim) in placed where isAttached(node) {
            let placeholder = XMLElement(document: self, node: node)
            guard let parent = placeholder.parent else { continue }
            parent.addCopy(of: verbatim.parsed().root, before: placeholder)
            placeholder.remove()
        }
    }

    /// Registers in this document the placeholders of `source`'s document inside the subtree
    /// `source`, whose deep copy here is `copy` (the same shape, node for node).
    func registerVerbatimCopies(of source: XMLElement, in copy: xmlNodePtr) {
        let sourceDocument = source.document
        func walk(_ original: xmlNodePtr, _ copied: xmlNodePtr) {
            if let entry = sourceDocument.verbatimElements.first(where: { $0.node == original }) {
                registerVerbatim(copied, entry.element)
                return
            }
            var originalChild = original.pointee.children
            var copiedChild = copied.pointee.children
            while let left = originalChild, let right = copiedChild {
                if left.pointee.type == XML_ELEMENT_NODE { walk(left, right) }
                originalChild = left.pointee.next
                copiedChild = right.pointee.next
            }
        }
        walk(source.node, copy)
    }
}
