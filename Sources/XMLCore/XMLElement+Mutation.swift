internal import CLibXML2

extension XMLElement {
    /// Appends a new child element. The namespace is bound with `prefix` unless an equal
    /// binding is already in scope.
    @discardableResult
    public func addChild(_ localName: String, _ namespace: String?, prefix: String? = nil) -> XMLElement {
        let child = makeElement(localName, namespace, prefix: prefix)
        xmlAddChild(node, child.node)
        child.bindNamespace(namespace, prefix: prefix)
        return child
    }

    /// Inserts a new child element before `sibling`, or as the first child when `sibling` is nil.
    @discardableResult
    public func insertChild(_ localName: String, _ namespace: String?, prefix: String? = nil, before sibling: XMLElement?) -> XMLElement {
        let child = makeElement(localName, namespace, prefix: prefix)
        if let sibling {
            precondition(sibling.parent == self, "sibling is not a child of this element")
            xmlAddPrevSibling(sibling.node, child.node)
        } else if let first = node.pointee.children {
            xmlAddPrevSibling(first, child.node)
        } else {
            xmlAddChild(node, child.node)
        }
        child.bindNamespace(namespace, prefix: prefix)
        return child
    }

    /// Appends a deep copy of `element` (from any document) as the last child, or before
    /// `sibling`. The copy declares the namespaces it needs that are not in scope here; a
    /// ``VerbatimElement`` placeholder in it stays one.
    @discardableResult
    public func addCopy(of element: XMLElement, before sibling: XMLElement? = nil) -> XMLElement {
        let copy = xmlDocCopyNode(element.node, document.pointer, 1)!
        if let sibling {
            xmlAddPrevSibling(sibling.node, copy)
        } else {
            xmlAddChild(node, copy)
        }
        xmlReconciliateNs(document.pointer, copy)
        if !element.document.verbatimElements.isEmpty { document.registerVerbatimCopies(of: element, in: copy) }
        return XMLElement(document: document, node: copy)
    }

    /// Appends a text node (escaped on output).
    public func addText(_ text: String) {
        let textNode = LibXML2.withXMLString(text) { xmlNewDocText(document.pointer, $0) }!
        xmlAddChild(node, textNode)
    }

    /// Replaces all children with a single text node.
    public func setText(_ text: String) {
        removeAllChildren()
        addText(text)
    }

    /// Removes every child node.
    public func removeAllChildren() {
        while let child = node.pointee.children {
            xmlUnlinkNode(child)
            document.retainDetached(child)
        }
    }

    /// Sets an attribute; a namespaced attribute uses `prefix` unless a prefixed binding of the
    /// namespace is already in scope.
    public func setAttribute(_ localName: String, _ namespace: String? = nil, prefix: String? = nil, value: String) {
        LibXML2.withXMLString(localName) { name in
            LibXML2.withXMLString(value) { value in
                guard let namespace else {
                    xmlSetProp(node, name, value)
                    return
                }
                let ns = namespaceForAttribute(namespace, preferredPrefix: prefix)
                xmlSetNsProp(node, ns, name, value)
            }
        }
    }

    /// Removes an attribute if present.
    public func removeAttribute(_ localName: String, _ namespace: String? = nil) {
        LibXML2.withXMLString(localName) { name in
            LibXML2.withXMLString(namespace) { ns in
                if let attribute = xmlHasNsProp(node, name, ns), attribute.pointee.type == XML_ATTRIBUTE_NODE {
                    xmlRemoveProp(UnsafeMutableRawPointer(attribute).assumingMemoryBound(to: xmlAttr.self))
                }
            }
        }
    }

    /// Declares `prefix` (nil for the default namespace) for `uri` on this element.
    public func declareNamespace(prefix: String?, uri: String) {
        LibXML2.withXMLString(uri) { href in
            LibXML2.withXMLString(prefix) { _ = xmlNewNs(node, href, $0) }
        }
    }

    /// Unlinks the element from the tree. The handle stays valid until the document is released.
    public func remove() {
        xmlUnlinkNode(node)
        document.retainDetached(node)
    }

    /// Parses `bytes` as element content in the namespace context of this element's parent,
    /// puts the resulting nodes where this element stands and removes this element.
    /// Returns the inserted elements. The fragment is held to the document's limits.
    @discardableResult
    public func replace(withParsedContent bytes: [UInt8]) throws -> [XMLElement] {
        try replace(withParsedContent: bytes, throughLibXML2: false)
    }

    /// ``replace(withParsedContent:)``, the content parsed by libxml2's `xmlParseInNodeContext`
    /// when `throughLibXML2` (`XMLDocument.parseContent(_:in:options:throughLibXML2:)`).
    /// Internal so tests can compare the two.
    func replace(withParsedContent bytes: [UInt8], throughLibXML2: Bool) throws -> [XMLElement] {
        guard let parentNode = node.pointee.parent, parentNode.pointee.type == XML_ELEMENT_NODE else {
            throw XMLError(.invalidStructure, "the document element cannot be replaced by content")
        }
        let limits = document.limits
        guard bytes.count <= limits.maxDocumentBytes, bytes.count <= Int(Int32.max) else {
            throw XMLError(.limitExceeded, "content of \(bytes.count) bytes exceeds the limit of \(limits.maxDocumentBytes)")
        }
        guard !bytes.isEmpty else {
            remove()
            return []
        }
        // COMPACT, as for the document: short text stored in the node, one allocation less each.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue)
        let (wellFormed, list) = bytes.withUnsafeBufferPointer { document.parseContent($0, in: parentNode, options: options, throughLibXML2: throughLibXML2) }
        guard wellFormed else {
            throw XMLError(.malformed, "the content is not well-formed XML")
        }
        do {
            var walk = LimitWalk(limits: limits)
            try walk.checkSiblings(list, depth: parent.map { $0.depth + 2 } ?? 1)
            if walk.sawProcessingInstruction { document.containsProcessingInstructions = true }
        } catch {
            if let list { xmlFreeNodeList(list) }
            throw error
        }
        var inserted: [XMLElement] = []
        var current = list
        while let fragmentNode = current {
            current = fragmentNode.pointee.next
            xmlUnlinkNode(fragmentNode)
            let isElement = fragmentNode.pointee.type == XML_ELEMENT_NODE
            // xmlAddPrevSibling may merge and free a text node; only elements are kept.
            if let placed = xmlAddPrevSibling(node, fragmentNode), isElement {
                inserted.append(XMLElement(document: document, node: placed))
            }
        }
        remove()
        return inserted
    }

    // MARK: Private

    private func makeElement(_ localName: String, _ namespace: String?, prefix: String?) -> XMLElement {
        let child = LibXML2.withXMLString(localName) { xmlNewDocNode(document.pointer, nil, $0, nil) }!
        return XMLElement(document: document, node: child)
    }

    /// Binds the (already inserted) element to `namespace`, reusing an in-scope declaration with
    /// the same prefix, or declaring it here.
    private func bindNamespace(_ namespace: String?, prefix: String?) {
        guard let namespace else {
            // An unqualified element under a default namespace needs xmlns="".
            if let inherited = LibXML2.withXMLString(nil, { xmlSearchNs(document.pointer, node, $0) }),
                let href = LibXML2.string(inherited.pointee.href), !href.isEmpty
            {
                declareNamespace(prefix: nil, uri: "")
            }
            return
        }
        // The URI is compared as libxml2's bytes, without making a String of it.
        let declaration = LibXML2.withXMLString(namespace) { href in
            LibXML2.withXMLString(prefix) { prefix in
                if let existing = xmlSearchNs(document.pointer, node, prefix), let existingHref = existing.pointee.href,
                    LibXML2.equal(existingHref, href!)
                {
                    return existing
                }
                return xmlNewNs(node, href, prefix)
            }
        }
        xmlSetNs(node, declaration)
    }

    /// The declaration an attribute in `namespace` is set with: the preferred prefix where it
    /// binds the namespace here (found by its prefix, without comparing the URI of every
    /// declaration in scope), else a prefix in scope bound to it, else a new declaration.
    private func namespaceForAttribute(_ namespace: String, preferredPrefix: String?) -> xmlNsPtr? {
        let inScope = LibXML2.withXMLString(namespace) { href -> xmlNsPtr? in
            if let preferredPrefix, let bound = LibXML2.withXMLString(preferredPrefix, { xmlSearchNs(document.pointer, node, $0) }),
                let boundHref = bound.pointee.href, LibXML2.equal(boundHref, href!)
            {
                return bound
            }
            guard let found = xmlSearchNsByHref(document.pointer, node, href), found.pointee.prefix != nil else { return nil }
            return found
        }
        if let inScope { return inScope }
        // The generated prefixes are only spelled out when the preferred one is taken.
        func declare(_ prefix: String) -> xmlNsPtr? {
            guard namespaceURI(forPrefix: prefix) == nil else { return nil }
            return LibXML2.withXMLString(namespace) { href in
                LibXML2.withXMLString(prefix) { xmlNewNs(node, href, $0) }
            }
        }
        if let preferredPrefix, let declared = declare(preferredPrefix) { return declared }
        for number in 1...99 {
            if let declared = declare("ns\(number)") { return declared }
        }
        return nil
    }
}

extension XMLDocument {
    /// Serializes the child nodes of `element` (its content, as XML-Enc `Content` encryption
    /// needs it): each as ``serialize(_:)`` writes it, in one buffer when Tessera's writer
    /// handles them all.
    public func serializeContent(of element: XMLElement) -> [UInt8] {
        if let bytes = SerializationWriter.serialize(contentOf: element.node, in: self) {
            #if DEBUG
                assert(bytes == serializeEachChild(of: element), "the content written at once differs from its children written one by one")
            #endif
            return bytes
        }
        return serializeEachChild(of: element)
    }

    private func serializeEachChild(of element: XMLElement) -> [UInt8] {
        var bytes: [UInt8] = []
        var child = element.node.pointee.children
        while let current = child {
            bytes += serialize(XMLElement(document: self, node: current))
            child = current.pointee.next
        }
        return bytes
    }
}
