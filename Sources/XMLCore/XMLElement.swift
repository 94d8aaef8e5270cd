internal import CLibXML2

/// A handle to an element of an ``XMLDocument``. Two handles are equal when they denote the
/// same node. A handle keeps its document alive.
public struct XMLElement: Hashable {
    /// The document the element belongs to.
    public let document: XMLDocument
    let node: xmlNodePtr

    init(document: XMLDocument, node: xmlNodePtr) {
        self.document = document
        self.node = node
    }

    public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool { lhs.node == rhs.node }
    public func hash(into hasher: inout Hasher) { hasher.combine(node) }

    // MARK: Names

    /// The element's local name.
    public var localName: String { LibXML2.string(node.pointee.name) ?? "" }
    /// The element's namespace URI, or nil when it is in no namespace.
    public var namespaceURI: String? { node.pointee.ns.flatMap { LibXML2.string($0.pointee.href) } }
    /// The prefix the element is written with, or nil for the default namespace or none.
    public var prefix: String? { node.pointee.ns.flatMap { LibXML2.string($0.pointee.prefix) } }
    /// The expanded name.
    public var name: QName { QName(namespaceURI, localName) }

    /// Whether the element has the given local name and namespace.
    public func `is`(_ localName: String, _ namespace: String?) -> Bool {
        guard let name = node.pointee.name else { return false }
        return LibXML2.withXMLString(localName) { LibXML2.equal(name, $0!) } && isInNamespace(namespace)
    }

    /// Whether the element's local name is `localName`, compared without allocating.
    public func hasLocalName(_ localName: String) -> Bool {
        guard let name = node.pointee.name else { return false }
        return LibXML2.withXMLString(localName) { LibXML2.equal(name, $0!) }
    }

    /// Whether the element is in `namespace` (nil: in no namespace), compared without allocating.
    public func isInNamespace(_ namespace: String?) -> Bool {
        guard let namespace else { return node.pointee.ns == nil }
        guard let ns = node.pointee.ns else { return false }
        guard let href = ns.pointee.href else { return false }
        return LibXML2.withXMLString(namespace) { LibXML2.equal(href, $0!) }
    }

    /// The line the element started on in the parsed source (0 when built in memory).
    public var line: Int { Int(xmlGetLineNo(node)) }

    // MARK: Tree

    /// The parent element, or nil for the document element.
    public var parent: XMLElement? {
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return XMLElement(document: document, node: parent)
    }

    /// The element children, in document order.
    public var children: [XMLElement] {
        // Counted first, so that the array is allocated once at its size rather than grown.
        var count = 0
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { count += 1 }
            child = current.pointee.next
        }
        guard count > 0 else { return [] }
        var result: [XMLElement] = []
        result.reserveCapacity(count)
        for element in ElementNodes(from: node.pointee.children, in: document) { result.append(element) }
        return result
    }

    /// The first element child, without collecting the others.
    public var firstElementChild: XMLElement? {
        ElementNodes(from: node.pointee.children, in: document).first { _ in true }
    }

    /// The element children with the given name.
    public func children(_ localName: String, _ namespace: String?) -> [XMLElement] {
        ElementNodes(from: node.pointee.children, in: document).filter { $0.is(localName, namespace) }
    }

    /// The first element child with the given name.
    public func firstChild(_ localName: String, _ namespace: String?) -> XMLElement? {
        ElementNodes(from: node.pointee.children, in: document).first { $0.is(localName, namespace) }
    }

    /// The next element sibling.
    public var nextSibling: XMLElement? {
        ElementNodes(from: node.pointee.next, in: document).first { _ in true }
    }

    /// Whether the element has child nodes other than whitespace text and comments.
    public var hasNonWhitespaceText: Bool {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE,
                let content = current.pointee.content, Self.containsNonWhitespace(content)
            {
                return true
            }
            child = current.pointee.next
        }
        return false
    }

    /// Whether the text has a `Character` that is not whitespace (Unicode White_Space of its
    /// first scalar, as `Character.isWhitespace`). ASCII text, the usual indentation between
    /// elements, is decided byte by byte (its only multi-scalar character is CR LF, whitespace);
    /// text with any non-ASCII byte goes through `String` and `Character`.
    static func containsNonWhitespace(_ text: UnsafePointer<xmlChar>) -> Bool {
        var cursor = text
        while true {
            let byte = cursor.pointee
            switch byte {
            case 0: return false
            case 0x09...0x0D, 0x20: cursor += 1
            case 0x80...: return String(cString: text).contains { !$0.isWhitespace }
            default: return true
            }
        }
    }

    /// Whether `self` is `other` or one of its descendants.
    public func isDescendant(of other: XMLElement) -> Bool {
        var current: xmlNodePtr? = node
        while let candidate = current {
            if candidate == other.node { return true }
            current = candidate.pointee.parent
        }
        return false
    }

    /// The elements of the subtree rooted here, in document order, the element itself first.
    public var descendantsAndSelf: [XMLElement] {
        var result: [XMLElement] = []
        func walk(_ node: xmlNodePtr) {
            result.append(XMLElement(document: document, node: node))
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { walk(current) }
                child = current.pointee.next
            }
        }
        walk(node)
        return result
    }

    /// The first descendant (not the element itself), in document order, whose expanded name is
    /// one of `names`. Walks libxml2's tree directly: envelope checks run it over every message.
    public func firstDescendant(namedAnyOf names: [QName]) -> XMLElement? {
        firstDescendant(namedAnyOf: QNameList(names))
    }

    /// ``firstDescendant(namedAnyOf:)-([QName])`` with names prepared once.
    public func firstDescendant(namedAnyOf names: QNameList) -> XMLElement? {
        let found = names.names.withMatcher { wanted in
            Self.firstDescendant(of: node, matching: wanted)
        }
        return found.map { XMLElement(document: document, node: $0) }
    }

    private static func firstDescendant(of parent: xmlNodePtr, matching wanted: LibXML2NameList.Matcher) -> xmlNodePtr? {
        var child = parent.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                if wanted.contains(name: current.pointee.name, ns: current.pointee.ns) { return current }
                if let found = firstDescendant(of: current, matching: wanted) { return found }
            }
            child = current.pointee.next
        }
        return nil
    }

    /// The number of element ancestors (0 for the document element).
    public var depth: Int {
        var depth = 0
        var current = node.pointee.parent
        while let candidate = current, candidate.pointee.type == XML_ELEMENT_NODE {
            depth += 1
            current = candidate.pointee.parent
        }
        return depth
    }

    // MARK: Content

    /// The concatenated text of the element's subtree.
    public var text: String {
        // One text child, the usual shape of a value: its content is the text, read in place.
        if let child = node.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE {
            return LibXML2.string(child.pointee.content) ?? ""
        }
        return LibXML2.takeString(xmlNodeGetContent(node)) ?? ""
    }

    /// `body` on the UTF-8 bytes of the element's content when it is one text node (the usual
    /// shape of a value), read in place; nil when the content is anything else.
    public func withSingleTextContent<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let child = node.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE, let content = child.pointee.content
        else { return nil }
        return body(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
    }

    /// The text with leading and trailing XML whitespace removed.
    public var trimmedText: String { text.trimmingXMLWhitespace() }

    // MARK: Attributes

    /// The value of the attribute with the given local name and namespace (nil = unqualified).
    public func attribute(_ localName: String, _ namespace: String? = nil) -> String? {
        LibXML2.withXMLString(localName) { name in
            LibXML2.withXMLString(namespace) { ns in
                guard let name else { return nil }
                // The element's own attributes, compared in place as `xmlHasNsProp` compares them...
                var attribute = node.pointee.properties
                while let current = attribute {
                    if let currentName = current.pointee.name, LibXML2.equal(currentName, name), Self.isIn(current.pointee.ns, ns) {
                        return LibXML2.attributeValue(current, in: node)
                    }
                    attribute = current.pointee.next
                }
                // ...and, in a document with a DTD, libxml2 for the attributes it gives defaults.
                guard let document = node.pointee.doc, document.pointee.intSubset != nil || document.pointee.extSubset != nil,
                    let declared = xmlHasNsProp(node, name, ns), declared.pointee.type == XML_ATTRIBUTE_NODE
                else { return nil }
                return LibXML2.attributeValue(UnsafeMutableRawPointer(declared).assumingMemoryBound(to: xmlAttr.self), in: node)
            }
        }
    }

    /// Whether ``attribute(_:_:)`` can find any attribute: the element has attributes of its own,
    /// or its document has a DTD, which may give it default ones.
    public var mayHaveAttributes: Bool {
        guard node.pointee.properties == nil else { return true }
        guard let document = node.pointee.doc else { return false }
        return document.pointee.intSubset != nil || document.pointee.extSubset != nil
    }

    /// Whether an attribute whose namespace is `ns` is in `namespace` (nil: in none).
    private static func isIn(_ ns: xmlNsPtr?, _ namespace: UnsafePointer<xmlChar>?) -> Bool {
        guard let namespace else { return ns == nil }
        guard let href = ns?.pointee.href else { return false }
        return href == namespace || LibXML2.equal(href, namespace)
    }

    /// All attributes (namespace declarations excluded), in document order.
    public var attributes: [(name: QName, value: String)] {
        var result: [(name: QName, value: String)] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = QName(current.pointee.ns.flatMap { LibXML2.string($0.pointee.href) }, LibXML2.string(current.pointee.name) ?? "")
            result.append((name, LibXML2.attributeValue(current, in: node)))
            attribute = current.pointee.next
        }
        return result
    }

    // MARK: Namespaces

    /// The namespace URI bound to `prefix` (nil or "" for the default namespace) in scope here.
    public func namespaceURI(forPrefix prefix: String?) -> String? {
        let prefix = (prefix?.isEmpty ?? true) ? nil : prefix
        return LibXML2.withXMLString(prefix) { p in
            xmlSearchNs(node.pointee.doc, node, p).flatMap { LibXML2.string($0.pointee.href) }
        }
    }

    /// A prefix bound to `namespace` in scope here, if any ("" for the default namespace).
    public func prefix(forNamespace namespace: String) -> String? {
        LibXML2.withXMLString(namespace) { href in
            xmlSearchNsByHref(node.pointee.doc, node, href).map { LibXML2.string($0.pointee.prefix) ?? "" }
        }
    }

    /// Every namespace binding in scope here, innermost first, as (prefix or nil, URI).
    public var namespacesInScope: [(prefix: String?, uri: String)] {
        var result: [(prefix: String?, uri: String)] = []
        var seen = Set<String>()
        var current: xmlNodePtr? = node
        while let element = current, element.pointee.type == XML_ELEMENT_NODE {
            var ns = element.pointee.nsDef
            while let declaration = ns {
                let prefix = LibXML2.string(declaration.pointee.prefix)
                if seen.insert(prefix ?? "").inserted {
                    result.append((prefix, LibXML2.string(declaration.pointee.href) ?? ""))
                }
                ns = declaration.pointee.next
            }
            current = element.pointee.parent
        }
        return result
    }

    /// Resolves a QName-valued text such as `wsse:InvalidSecurity` against the namespaces in scope.
    public func resolveQName(_ value: String) throws -> QName {
        let trimmed = value.trimmingXMLWhitespace()
        if let colon = trimmed.firstIndex(of: ":") {
            let prefix = String(trimmed[..<colon])
            guard let uri = namespaceURI(forPrefix: prefix) else {
                throw XMLError(.unresolvedPrefix, "prefix '\(prefix)' is not declared")
            }
            return QName(uri, String(trimmed[trimmed.index(after: colon)...]))
        }
        return QName(namespaceURI(forPrefix: nil), trimmed)
    }
}

extension StringProtocol {
    /// The string without leading and trailing XML whitespace (space, tab, CR, LF): the
    /// `Character`s at either end that are one of those (or CR LF) are removed. ASCII text, in
    /// which every `Character` is one byte but CR LF, is trimmed byte by byte; other text goes
    /// through `Character`s.
    public func trimmingXMLWhitespace() -> String {
        if let trimmed = utf8.withContiguousStorageIfAvailable(Self.trimmingASCIIWhitespace) ?? nil { return trimmed }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    /// `bytes` trimmed of XML whitespace when they are all ASCII; nil otherwise.
    private static func trimmingASCIIWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        var start = 0, end = bytes.count
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}

/// The element nodes of a sibling list, from `first` on, as elements of `document`.
private struct ElementNodes: Sequence, IteratorProtocol {
    private var cursor: xmlNodePtr?
    private let document: XMLDocument

    init(from first: xmlNodePtr?, in document: XMLDocument) {
        cursor = first
        self.document = document
    }

    mutating func next() -> XMLElement? {
        while let current = cursor {
            cursor = current.pointee.next
            if current.pointee.type == XML_ELEMENT_NODE { return XMLElement(document: document, node: current) }
        }
        return nil
    }
}
