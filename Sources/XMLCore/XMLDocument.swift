internal import CLibXML2

/// An XML document held in a libxml2 tree.
///
/// A document is not thread-safe; use one document per task. Different documents may be used
/// concurrently. Elements removed from the tree stay allocated until the document is released,
/// so an ``XMLElement`` handle never dangles.
public final class XMLDocument {
    let pointer: xmlDocPtr
    private var detachedNodes: [xmlNodePtr] = []
    /// The pooled parser context whose dictionary the parsed tree shares, returned to its pool
    /// once the tree is freed; it also parses content into the tree (`parseContent(_:in:options:throughLibXML2:)`).
    let parserContext: (context: xmlParserCtxtPtr, pool: ParserContextPool)?
    /// The limits the document was parsed with; also applied to fragments parsed into it.
    public let limits: XMLParsingLimits
    /// Whether a processing instruction was parsed into this document: before, inside or after
    /// the document element, or in content parsed into it later
    /// (``XMLElement/replace(withParsedContent:)``). XML allows them; a protocol that forbids
    /// them (SOAP 1.2 Part 1 §5) refuses the document on this.
    public internal(set) var containsProcessingInstructions = false
    /// The placeholders of ``XMLElement/addVerbatim(_:)`` and what each stands for, in the
    /// order they were added (a message holds one or two).
    var verbatimElements: [(node: xmlNodePtr, element: VerbatimElement)] = []

    init(owning pointer: xmlDocPtr, limits: XMLParsingLimits, parserContext: (context: xmlParserCtxtPtr, pool: ParserContextPool)? = nil) {
        self.pointer = pointer
        self.limits = limits
        self.parserContext = parserContext
    }

    /// Creates a document with a single root element.
    public convenience init(rootLocalName: String, namespace: String?, prefix: String? = nil) {
        LibXML2.ensureInitialized()
        let doc = LibXML2.withXMLString("1.0") { xmlNewDoc($0) }!
        self.init(owning: doc, limits: .default)
        let root = LibXML2.withXMLString(rootLocalName) { xmlNewDocNode(doc, nil, $0, nil) }!
        xmlDocSetRootElement(doc, root)
        if let namespace {
            let ns = LibXML2.withXMLString(namespace) { href in
                LibXML2.withXMLString(prefix) { xmlNewNs(root, href, $0) }
            }
            xmlSetNs(root, ns)
        }
    }

    deinit {
        for node in detachedNodes { xmlFreeNode(node) }
        xmlFreeDoc(pointer)
        if let parserContext { parserContext.pool.giveBack(parserContext.context) }
    }

    /// The document element.
    public var root: XMLElement {
        XMLElement(document: self, node: xmlDocGetRootElement(pointer)!)
    }

    func registerVerbatim(_ node: xmlNodePtr, _ verbatim: VerbatimElement) {
        verbatimElements.append((node, verbatim))
        if verbatim.containsProcessingInstructions { containsProcessingInstructions = true }
    }

    /// Keeps an unlinked node alive until the document is released.
    func retainDetached(_ node: xmlNodePtr) {
        detachedNodes.append(node)
    }

    /// Serializes the whole document as UTF-8, without an XML declaration unless asked, with a
    /// line feed after the document element.
    ///
    /// Goes through Tessera's own writer (``SerializationWriter``) when the tree is within what
    /// it handles and through libxml2's `xmlSaveDoc` otherwise; the bytes are the same. DEBUG
    /// builds also run libxml2 on every tree the writer handled and stop where the two differ.
    /// The writer puts the bytes of a ``VerbatimElement`` where its placeholder stands; before
    /// libxml2 serializes, placeholders are replaced by copies of their elements.
    public func serialize(includeDeclaration: Bool = false) -> [UInt8] {
        guard let bytes = SerializationWriter.serialize(document: self, includeDeclaration: includeDeclaration) else {
            materializeVerbatimElements()
            return serializeWithLibXML2(includeDeclaration: includeDeclaration)
        }
        #if DEBUG
            if verbatimElements.isEmpty, let difference = serializationDifferenceFromLibXML2(bytes, includeDeclaration: includeDeclaration) {
                assertionFailure(difference)
            }
        #endif
        return bytes
    }

    /// Serializes one element (with its subtree) as UTF-8. Namespace declarations made on
    /// ancestors are not repeated, so the bytes are meant for parsing back in context.
    /// Own writer first, libxml2's `xmlSaveTree` otherwise, as ``serialize(includeDeclaration:)``.
    public func serialize(_ element: XMLElement) -> [UInt8] {
        precondition(element.document === self, "element belongs to another document")
        guard let bytes = SerializationWriter.serialize(node: element.node, in: self) else {
            materializeVerbatimElements()
            return serializeWithLibXML2(element)
        }
        #if DEBUG
            if verbatimElements.isEmpty, let difference = serializationDifferenceFromLibXML2(bytes, element) {
                assertionFailure(difference)
            }
        #endif
        return bytes
    }

    /// Tessera's serializer alone (nil where it leaves the tree to libxml2). Internal so tests
    /// can compare the two implementations.
    func serializeWithOwnWriter(includeDeclaration: Bool = false) -> [UInt8]? {
        SerializationWriter.serialize(document: self, includeDeclaration: includeDeclaration)
    }

    /// Tessera's serializer alone for one node's subtree. Internal for tests.
    func serializeWithOwnWriter(_ element: XMLElement) -> [UInt8]? {
        SerializationWriter.serialize(node: element.node, in: self)
    }

    /// libxml2's `xmlSaveDoc` alone. Internal so tests can compare the two implementations.
    func serializeWithLibXML2(includeDeclaration: Bool = false) -> [UInt8] {
        serialize(
            node: UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: xmlNode.self),
            options: includeDeclaration ? 0 : Int32(XML_SAVE_NO_DECL.rawValue))
    }

    /// libxml2's `xmlSaveTree` alone. Internal for tests.
    func serializeWithLibXML2(_ element: XMLElement) -> [UInt8] {
        serialize(node: element.node, options: Int32(XML_SAVE_NO_DECL.rawValue))
    }

    /// How `bytes`, the writer's output for the whole document, differs from libxml2's; nil when
    /// they are the same. DEBUG builds check every call with it; the fuzz targets call it too.
    func serializationDifferenceFromLibXML2(_ bytes: [UInt8], includeDeclaration: Bool = false) -> String? {
        WriterDifference.describe(
            bytes, serializeWithLibXML2(includeDeclaration: includeDeclaration),
            "SerializationWriter differs from libxml2 serializing the document")
    }

    /// As ``serializationDifferenceFromLibXML2(_:includeDeclaration:)`` for one element's subtree.
    func serializationDifferenceFromLibXML2(_ bytes: [UInt8], _ element: XMLElement) -> String? {
        WriterDifference.describe(bytes, serializeWithLibXML2(element), "SerializationWriter differs from libxml2 serializing an element")
    }

    private func serialize(node: xmlNodePtr, options: Int32) -> [UInt8] {
        let buffer = xmlBufferCreate()!
        defer { xmlBufferFree(buffer) }
        let context = LibXML2.withXMLString("UTF-8") { encoding in
            encoding!.withMemoryRebound(to: CChar.self, capacity: 6) { xmlSaveToBuffer(buffer, $0, options) }
        }!
        if node.pointee.type == XML_DOCUMENT_NODE {
            xmlSaveDoc(context, UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlDoc.self))
        } else {
            xmlSaveTree(context, node)
        }
        xmlSaveClose(context)
        let length = Int(xmlBufferLength(buffer))
        guard length > 0, let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: length))
    }
}
