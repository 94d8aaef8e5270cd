internal import CLibXML2

/// A W3C canonicalization algorithm.
public enum CanonicalizationMethod: Hashable, Sendable {
    /// Canonical XML 1.0 (inclusive).
    case inclusive(withComments: Bool)
    /// Exclusive XML Canonicalization 1.0, with the InclusiveNamespaces PrefixList
    /// (`"#default"` names the default namespace).
    case exclusive(withComments: Bool, inclusivePrefixes: [String])

    /// Exclusive C14N without comments and without inclusive prefixes, the WS-Security default.
    public static let exclusive = CanonicalizationMethod.exclusive(withComments: false, inclusivePrefixes: [])
}

extension XMLDocument {
    /// Canonicalizes the subtree rooted at `element` (the whole document when nil), leaving out
    /// the subtree rooted at `excluded` (the enveloped-signature transform).
    ///
    /// Exclusive C14N goes through Tessera's own writer (``ExclusiveCanonicalWriter``) when the
    /// input is within what it handles, and through libxml2's `xmlC14NExecute` otherwise; inclusive
    /// C14N always goes through libxml2. DEBUG builds also run libxml2 on every input the writer
    /// handled and stop at the first byte where the two differ. In place of a
    /// ``VerbatimElement``'s placeholder the writer renders the canonical form the element
    /// carries (one ``CanonicalXMLWriter`` wrote), where that is its form in place.
    ///
    /// - Throws: ``XMLError`` `canonicalizationFailed` for a subtree that holds the placeholder
    ///   of a ``VerbatimElement`` whose canonical form there is not known: the tree does not
    ///   hold its content.
    public func canonicalize(_ element: XMLElement?, method: CanonicalizationMethod, excluding excluded: XMLElement? = nil) throws -> [UInt8] {
        try checkBelongsToThisDocument(element, excluded)
        let holdsVerbatim = verbatimElements.isEmpty ? false : try holdsVerbatimElements(under: element?.node, excluding: excluded?.node)
        guard let bytes = canonicalizeWithOwnWriter(element, method: method, excluding: excluded) else {
            if holdsVerbatim {
                throw XMLError(.canonicalizationFailed, "the subtree holds an element whose canonical form in place is not known")
            }
            return try canonicalizeWithLibXML2(element, method: method, excluding: excluded)
        }
        #if DEBUG
            // libxml2 sees placeholders as empty elements; tests compare those forms with a
            // tree that holds the elements instead.
            if !holdsVerbatim, let difference = canonicalDifferenceFromLibXML2(bytes, element, method: method, excluding: excluded) {
                assertionFailure(difference)
            }
        #endif
        return bytes
    }

    /// Tessera's Exclusive C14N writer alone; nil for inclusive C14N and for any input the
    /// writer leaves to libxml2. Internal so tests can compare the two implementations.
    func canonicalizeWithOwnWriter(_ element: XMLElement?, method: CanonicalizationMethod, excluding excluded: XMLElement? = nil) -> [UInt8]? {
        guard case .exclusive(let withComments, let prefixes) = method else { return nil }
        return ExclusiveCanonicalWriter.canonicalize(
            document: pointer, apex: element?.node, excluded: excluded?.node,
            withComments: withComments, inclusivePrefixes: prefixes, verbatim: verbatimElements)
    }

    /// How `bytes`, the writer's output for these arguments, differs from libxml2's; nil when
    /// they are the same. DEBUG builds check every call with it; the fuzz targets call it too.
    func canonicalDifferenceFromLibXML2(_ bytes: [UInt8], _ element: XMLElement?, method: CanonicalizationMethod, excluding excluded: XMLElement?) -> String? {
        guard let reference = try? canonicalizeWithLibXML2(element, method: method, excluding: excluded) else {
            return "ExclusiveCanonicalWriter produced output for \(method) where libxml2 failed"
        }
        return WriterDifference.describe(bytes, reference, "ExclusiveCanonicalWriter differs from libxml2 for \(method)")
    }

    /// libxml2's `xmlC14NExecute` alone. Internal so tests can compare the two implementations.
    func canonicalizeWithLibXML2(_ element: XMLElement?, method: CanonicalizationMethod, excluding excluded: XMLElement? = nil) throws -> [UInt8] {
        try checkBelongsToThisDocument(element, excluded)
        let (mode, withComments, prefixes): (xmlC14NMode, Bool, [String]) =
            switch method {
            case .inclusive(let comments): (XML_C14N_1_0, comments, [])
            case .exclusive(let comments, let prefixes): (XML_C14N_EXCLUSIVE_1_0, comments, prefixes)
            }
        guard let output = xmlAllocOutputBuffer(nil) else {
            throw XMLError(.canonicalizationFailed, "could not allocate an output buffer")
        }
        defer { xmlOutputBufferClose(output) }
        let status: Int32
        if mode == XML_C14N_EXCLUSIVE_1_0, let element {
            status = withSubtreeAsDocumentContent(element.node) {
                execute(mode: mode, root: nil, excluded: excluded?.node, prefixes: prefixes, withComments: withComments, output: output)
            }
        } else {
            status = execute(mode: mode, root: element?.node, excluded: excluded?.node, prefixes: prefixes, withComments: withComments, output: output)
        }
        guard status >= 0 else {
            throw XMLError(.canonicalizationFailed, "canonicalization failed")
        }
        let size = Int(xmlOutputBufferGetSize(output))
        guard size > 0, let content = xmlOutputBufferGetContent(output) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: size))
    }

    private func checkBelongsToThisDocument(_ element: XMLElement?, _ excluded: XMLElement?) throws {
        guard belongsToThisDocument(element), belongsToThisDocument(excluded) else {
            throw XMLError(.invalidStructure, "the element to canonicalize is not part of this document")
        }
    }

    private func belongsToThisDocument(_ element: XMLElement?) -> Bool {
        guard let element else { return true }
        return element.document === self && isAttached(element.node)
    }

    private func execute(mode: xmlC14NMode, root: xmlNodePtr?, excluded: xmlNodePtr?, prefixes: [String], withComments: Bool, output: xmlOutputBufferPtr)
        -> Int32
    {
        var scope = C14NScope(root: root, excluded: excluded)
        let needsCallback = root != nil || excluded != nil
        return withPrefixList(prefixes) { prefixList in
            withUnsafeMutablePointer(to: &scope) { scopePointer in
                let callback: xmlC14NIsVisibleCallback? = needsCallback ? c14nIsVisible : nil
                return xmlC14NExecute(pointer, callback, scopePointer, Int32(mode.rawValue), prefixList, withComments ? 1 : 0, output)
            }
        }
    }

    /// Runs `body` while the document's content is just `node`, so libxml2's canonicalizer,
    /// which always starts at the document's children, walks the subtree alone instead of the
    /// whole message. Exclusive C14N only looks above the apex through `xmlSearchNs` on the
    /// real parent chain, which stays intact, so its output is unchanged (the conformance
    /// tests compare it byte for byte with the W3C vectors and lxml). The tree is restored
    /// before returning; a document is never shared between tasks.
    private func withSubtreeAsDocumentContent<R>(_ node: xmlNodePtr, _ body: () -> R) -> R {
        let children = pointer.pointee.children, last = pointer.pointee.last, next = node.pointee.next
        pointer.pointee.children = node
        pointer.pointee.last = node
        node.pointee.next = nil
        defer {
            pointer.pointee.children = children
            pointer.pointee.last = last
            node.pointee.next = next
        }
        return body()
    }

    /// Whether `node` is reachable from the document node (not removed from the tree).
    func isAttached(_ node: xmlNodePtr) -> Bool {
        var current: xmlNodePtr? = node
        let documentNode = UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: xmlNode.self)
        while let candidate = current {
            if candidate == documentNode { return true }
            current = candidate.pointee.parent
        }
        return false
    }

    private func withPrefixList<R>(_ prefixes: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<xmlChar>?>?) -> R) -> R {
        guard !prefixes.isEmpty else { return body(nil) }
        let copies = prefixes.map { xmlCharStrdup($0) }
        defer { copies.forEach { tessera_xmlFree($0) } }
        var list: [UnsafeMutablePointer<xmlChar>?] = copies + [nil]
        return list.withUnsafeMutableBufferPointer { body($0.baseAddress) }
    }
}

/// The node set handed to libxml2's visibility callback.
private struct C14NScope {
    let root: xmlNodePtr?
    let excluded: xmlNodePtr?
}

/// Decides whether a node is in the canonicalized node set: inside `root` (or anywhere when no
/// root) and not inside `excluded`. Namespace and attribute nodes follow their element. An
/// `xmlNs` shares only the `type` field's offset with `xmlNode`, so nothing else is read from it.
private func c14nIsVisible(_ userData: UnsafeMutableRawPointer?, _ node: xmlNodePtr?, _ parent: xmlNodePtr?) -> Int32 {
    guard let scope = userData?.assumingMemoryBound(to: C14NScope.self).pointee, let node else { return 0 }
    let type = node.pointee.type
    var current: xmlNodePtr? = (type == XML_NAMESPACE_DECL || type == XML_ATTRIBUTE_NODE) ? parent : node
    while let candidate = current {
        if candidate == scope.excluded { return 0 }
        if candidate == scope.root { return 1 }
        current = candidate.pointee.parent
    }
    return scope.root == nil ? 1 : 0
}
