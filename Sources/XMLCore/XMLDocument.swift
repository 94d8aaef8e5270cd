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
    /// once the tree is freed.
    private let parserContext: (context: xmlParserCtxtPtr, pool: ParserContextPool)?
    /// The limits the document was parsed with; also applied to fragments parsed into it.
    public let limits: XMLParsingLimits

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

    /// Keeps an unlinked node alive until the document is released.
    func retainDetached(_ node: xmlNodePtr) {
        detachedNodes.append(node)
    }

    /// Serializes the whole document as UTF-8, without an XML declaration unless asked.
    public func serialize(includeDeclaration: Bool = false) -> [UInt8] {
        serialize(node: UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: xmlNode.self),
                  options: includeDeclaration ? 0 : Int32(XML_SAVE_NO_DECL.rawValue))
    }

    /// Serializes one element (with its subtree) as UTF-8. Namespace declarations made on
    /// ancestors are not repeated, so the bytes are meant for parsing back in context.
    public func serialize(_ element: XMLElement) -> [UInt8] {
        precondition(element.document === self, "element belongs to another document")
        return serialize(node: element.node, options: Int32(XML_SAVE_NO_DECL.rawValue))
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
