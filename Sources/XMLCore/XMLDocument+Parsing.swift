internal import CLibXML2

extension XMLDocument {
    /// Parses a document with the hardened settings SOAP processing needs: no network, no
    /// entity substitution, no DTD. Any document type declaration is refused, as are documents
    /// beyond `limits`.
    public convenience init(parsing bytes: some Collection<UInt8>, limits: XMLParsingLimits = .default) throws {
        try self.init(parsing: bytes, limits: limits, pool: .shared)
    }

    /// Parses with a context from `pool` (tests use their own pool).
    convenience init(parsing bytes: some Collection<UInt8>, limits: XMLParsingLimits, pool: ParserContextPool) throws {
        LibXML2.ensureInitialized()
        guard bytes.count <= limits.maxDocumentBytes else {
            throw XMLError(.limitExceeded, "document of \(bytes.count) bytes exceeds the limit of \(limits.maxDocumentBytes)")
        }
        guard bytes.count <= Int(Int32.max) else {
            throw XMLError(.limitExceeded, "document too large")
        }
        guard let context = pool.take() else {
            throw XMLError(.malformed, "could not allocate a parser")
        }
        let document: xmlDocPtr
        do {
            // Contiguous bytes (an Array, a NIO ByteBuffer's view) are parsed where they are.
            document =
                try bytes.withContiguousStorageIfAvailable { try Self.parse($0, with: context) }
                ?? Array(bytes).withUnsafeBufferPointer { try Self.parse($0, with: context) }
        } catch {
            pool.giveBack(context)
            throw error
        }
        // From here the document owns the context (it shares its dictionary) until it is freed.
        self.init(owning: document, limits: limits, parserContext: (context, pool))
        var walk = LimitWalk(limits: limits)
        try walk.checkSiblings(document.pointee.children, depth: 1)
        containsProcessingInstructions = walk.sawProcessingInstruction
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, with context: xmlParserCtxtPtr) throws -> xmlDocPtr {
        // COMPACT stores short text inline in the node (fewer allocations); it changes nothing visible.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue)
        let document = bytes.withMemoryRebound(to: CChar.self) { chars in
            xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), "urn:tessera:message", nil, options)
        }
        if ParserContextPool.sawDoctype(context) {
            if let document { xmlFreeDoc(document) }
            throw XMLError(.doctypeForbidden, "a document type declaration (DOCTYPE) is not allowed")
        }
        guard let document, context.pointee.wellFormed != 0, context.pointee.nsWellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            throw XMLError(.malformed, Self.describeLastError(context))
        }
        guard document.pointee.intSubset == nil, document.pointee.extSubset == nil else {
            xmlFreeDoc(document)
            throw XMLError(.doctypeForbidden, "a document type declaration (DOCTYPE) is not allowed")
        }
        guard xmlDocGetRootElement(document) != nil else {
            xmlFreeDoc(document)
            throw XMLError(.malformed, "the document has no root element")
        }
        return document
    }

    static func describeLastError(_ context: xmlParserCtxtPtr) -> String {
        guard let error = xmlCtxtGetLastError(context), let message = error.pointee.message else {
            return "the XML is not well-formed"
        }
        let text = String(String(cString: message).reversed().drop(while: \.isWhitespace).reversed())
        return "not well-formed XML at line \(error.pointee.line): \(text)"
    }
}

/// Walks a parsed tree once and enforces the structural limits libxml2 does not, noting on
/// the way whether the tree holds a processing instruction.
struct LimitWalk {
    let limits: XMLParsingLimits
    private var elements = 0
    /// Whether a processing instruction was among the nodes visited.
    private(set) var sawProcessingInstruction = false

    init(limits: XMLParsingLimits) { self.limits = limits }

    /// Checks a list of sibling nodes (a parsed fragment) placed at `depth`.
    mutating func checkSiblings(_ first: xmlNodePtr?, depth: Int) throws {
        var node = first
        while let current = node {
            try visit(current, depth: depth)
            node = current.pointee.next
        }
    }

    private mutating func visit(_ node: xmlNodePtr, depth: Int) throws {
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            elements += 1
            guard elements <= limits.maxElements else {
                throw XMLError(.limitExceeded, "more than \(limits.maxElements) elements")
            }
            guard depth <= limits.maxDepth else {
                throw XMLError(.limitExceeded, "element nesting deeper than \(limits.maxDepth)")
            }
            guard node.pointee.ns != nil || !Self.hasPrefix(node.pointee.name) else {
                throw XMLError(.malformed, "an element uses an undeclared namespace prefix")
            }
            try checkAttributes(of: node)
            var child = node.pointee.children
            while let current = child {
                try visit(current, depth: depth + 1)
                child = current.pointee.next
            }
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE, XML_COMMENT_NODE, XML_PI_NODE:
            if node.pointee.type == XML_PI_NODE { sawProcessingInstruction = true }
            if let content = node.pointee.content, Int(xmlStrlen(content)) > limits.maxTextBytes {
                throw XMLError(.limitExceeded, "a text node exceeds \(limits.maxTextBytes) bytes")
            }
        case XML_ENTITY_REF_NODE, XML_ENTITY_NODE, XML_DTD_NODE:
            throw XMLError(.doctypeForbidden, "entity references are not allowed")
        default:
            break
        }
    }

    /// A name libxml2 kept whole because its prefix was not declared (`wsse:Security` with no
    /// namespace): refused, since the document's meaning depends on a binding it lacks.
    private static func hasPrefix(_ name: UnsafePointer<xmlChar>?) -> Bool {
        guard let name else { return false }
        return xmlStrchr(name, xmlChar(UInt8(ascii: ":"))) != nil
    }

    private func checkAttributes(of node: xmlNodePtr) throws {
        var count = 0
        var attribute = node.pointee.properties
        while let current = attribute {
            count += 1
            guard current.pointee.ns != nil || !Self.hasPrefix(current.pointee.name) else {
                throw XMLError(.malformed, "an attribute uses an undeclared namespace prefix")
            }
            guard count <= limits.maxAttributesPerElement else {
                throw XMLError(.limitExceeded, "an element has more than \(limits.maxAttributesPerElement) attributes")
            }
            if let text = current.pointee.children, let content = text.pointee.content,
                Int(xmlStrlen(content)) > limits.maxTextBytes
            {
                throw XMLError(.limitExceeded, "an attribute value exceeds \(limits.maxTextBytes) bytes")
            }
            attribute = current.pointee.next
        }
        var declarations = 0
        var ns = node.pointee.nsDef
        while let current = ns {
            declarations += 1
            guard declarations <= limits.maxNamespaceDeclarationsPerElement else {
                throw XMLError(.limitExceeded, "an element declares more than \(limits.maxNamespaceDeclarationsPerElement) namespaces")
            }
            ns = current.pointee.next
        }
    }
}
