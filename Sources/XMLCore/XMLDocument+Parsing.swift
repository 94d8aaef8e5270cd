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
        let document = read(bytes, with: context, options: options)
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

    /// libxml2 2.9's `xmlCtxtReadMemory` (parser.c) without a document URL, with an input buffer
    /// that has no read callback, and without libxml2's ID table. libxml2 copies the bytes into
    /// that buffer either way; with a read callback it also asks the callback for more at each
    /// check in the last 250 bytes of the document (`xmlParserInputGrow`: about 6% of parsing a
    /// 5 KB message), when none can come. The URL is never read: nothing resolves relative URIs
    /// against it.
    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, with context: xmlParserCtxtPtr, options: Int32) -> xmlDocPtr? {
        xmlCtxtReset(context)
        guard pushInput(bytes, onto: context, options: options) else { return nil }
        xmlParseDocument(context)
        let document = context.pointee.myDoc
        context.pointee.myDoc = nil
        guard context.pointee.wellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            return nil
        }
        return document
    }

    /// Gives the freshly reset `context` a copy of `bytes` as its input, in a buffer without a
    /// read callback, and `options`; false when libxml2 could not allocate the input.
    private static func pushInput(_ bytes: UnsafeBufferPointer<UInt8>, onto context: xmlParserCtxtPtr, options: Int32) -> Bool {
        let created = bytes.withMemoryRebound(to: CChar.self) { chars in
            xmlParserInputBufferCreateMem(chars.baseAddress, Int32(chars.count), XML_CHAR_ENCODING_NONE)
        }
        guard let input = created else { return false }
        input.pointee.readcallback = nil
        guard let stream = xmlNewIOInputStream(context, input, XML_CHAR_ENCODING_NONE) else {
            xmlFreeParserInputBuffer(input)
            return false
        }
        inputPush(context, stream)
        xmlCtxtUseOptions(context, options)
        // Nothing reads libxml2's own ID table (``IDIndex`` finds IDs itself): libxml2 need not
        // ask of every attribute whether it is one, nor fill the table with `xml:id` values.
        context.pointee.loadsubset |= Int32(XML_SKIP_IDS)
        return true
    }

    /// Parses `bytes` as element content in the namespace context of `parent` (an element of
    /// this document), as libxml2 2.9's `xmlParseInNodeContext` (parser.c) does, and returns
    /// whether it was well-formed and the nodes it made, unlinked (freed when it was not).
    ///
    /// In a parsed document the parser context whose dictionary the document shares does the
    /// parse, as that function does with a context made for it: the same options, dictionary,
    /// namespaces in scope and checks, without a context and dictionary made and freed per
    /// call, and with an input buffer that has no read callback (`read(_:with:options:)`).
    /// Other documents, and those whose parse named an encoding, go through that function, as
    /// every parse does `throughLibXML2`.
    func parseContent(
        _ bytes: UnsafeBufferPointer<UInt8>, in parent: xmlNodePtr, options: Int32, throughLibXML2: Bool = false
    ) -> (wellFormed: Bool, nodes: xmlNodePtr?) {
        guard !throughLibXML2, let context = parserContext?.context, pointer.pointee.encoding == nil, context.pointee.myDoc == nil,
            context.pointee.sax2 != 0, context.pointee.str_xml != nil, context.pointee.dict == pointer.pointee.dict,
            context.pointee.nsTab != nil, Self.namespaceDeclarations(inScopeOf: parent) * 2 <= Int(context.pointee.nsMax)
        else {
            var list: xmlNodePtr?
            let status = bytes.withMemoryRebound(to: CChar.self) { chars in
                xmlParseInNodeContext(parent, chars.baseAddress!, Int32(chars.count), options, &list)
            }
            guard status == XML_ERR_OK else {
                if let list { xmlFreeNodeList(list) }
                return (false, nil)
            }
            return (true, list)
        }
        xmlCtxtReset(context)
        // Nothing of a parse before is in scope here (libxml2 leaves the stack to its pushes).
        context.pointee.nsNr = 0
        defer {
            // The document is not the context's to free, and the plaintext is let go at once.
            context.pointee.myDoc = nil
            context.pointee.nsNr = 0
            xmlCtxtReset(context)
        }
        guard Self.pushInput(bytes, onto: context, options: options) else { return (false, nil) }
        context.pointee.myDoc = pointer
        context.pointee.input_id = 2
        context.pointee.instate = XML_PARSER_CONTENT
        // A comment child marks where the parsed nodes begin, so that text parsed first is not
        // merged into a text node `parent` ends with.
        guard let marker = xmlNewComment(nil) else { return (false, nil) }
        xmlAddChild(parent, marker)
        nodePush(context, parent)
        Self.pushNamespacesInScope(of: parent, onto: context)
        xmlParseContent(context)
        let next = context.pointee.input?.pointee.cur
        // Everything consumed, and every element opened in the content closed in it.
        let wellFormed =
            context.pointee.wellFormed != 0 && next?.pointee == 0
            && (context.pointee.node == nil || context.pointee.node == parent)
        var first = marker.pointee.next
        marker.pointee.next = nil
        parent.pointee.last = marker
        first?.pointee.prev = nil
        var current = first
        while let node = current {
            node.pointee.parent = nil
            current = node.pointee.next
        }
        xmlUnlinkNode(marker)
        xmlFreeNode(marker)
        if !wellFormed, let list = first {
            xmlFreeNodeList(list)
            first = nil
        }
        return (wellFormed, first)
    }

    /// The namespace declarations on `element` and its ancestors.
    private static func namespaceDeclarations(inScopeOf element: xmlNodePtr) -> Int {
        var count = 0
        var current: xmlNodePtr? = element
        while let node = current, node.pointee.type == XML_ELEMENT_NODE {
            var declaration = node.pointee.nsDef
            while let ns = declaration {
                count += 1
                declaration = ns.pointee.next
            }
            current = node.pointee.parent
        }
        return count
    }

    /// Pushes the namespace bindings in scope at `element`, innermost first and each prefix once,
    /// onto the parser's empty namespace stack, as `xmlParseInNodeContext` does before it
    /// parses. The stack has room for them (``namespaceDeclarations(inScopeOf:)``); it is not
    /// grown here.
    private static func pushNamespacesInScope(of element: xmlNodePtr, onto context: xmlParserCtxtPtr) {
        let dictionary = context.pointee.dict
        var current: xmlNodePtr? = element
        while let node = current, node.pointee.type == XML_ELEMENT_NODE {
            var declaration = node.pointee.nsDef
            while let ns = declaration {
                let prefix = ns.pointee.prefix.flatMap { xmlDictLookup(dictionary, $0, -1) }
                let href = ns.pointee.href.flatMap { xmlDictLookup(dictionary, $0, -1) }
                if boundNamespace(of: prefix, in: context) == nil {
                    let count = Int(context.pointee.nsNr)
                    precondition(count + 2 <= Int(context.pointee.nsMax), "the parser's namespace stack is full")
                    context.pointee.nsTab[count] = prefix
                    context.pointee.nsTab[count + 1] = href
                    context.pointee.nsNr += 2
                }
                declaration = ns.pointee.next
            }
            current = node.pointee.parent
        }
    }

    /// libxml2's `xmlGetNamespace` (parser.c): the URI the parser's stack binds `prefix` to
    /// (names compared as dictionary pointers), nil for an undeclared default namespace.
    private static func boundNamespace(of prefix: UnsafePointer<xmlChar>?, in context: xmlParserCtxtPtr) -> UnsafePointer<xmlChar>? {
        if prefix == context.pointee.str_xml { return context.pointee.str_xml_ns }
        guard let table = context.pointee.nsTab else { return nil }
        var index = Int(context.pointee.nsNr) - 2
        while index >= 0 {
            if table[index] == prefix {
                if prefix == nil, table[index + 1]?.pointee == 0 { return nil }
                return table[index + 1]
            }
            index -= 2
        }
        return nil
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
