internal import CLibXML2

/// Tessera's own writer for Exclusive XML Canonicalization 1.0 (W3C REC xml-exc-c14n, with and
/// without comments, with the InclusiveNamespaces PrefixList), walking the libxml2 tree and
/// writing into one ``ByteBuffer`` instead of going through `xmlC14NExecute`.
///
/// It follows libxml2 2.9's `c14n.c` step for step (the `ns_rendered` stack, its search rules,
/// the attribute and namespace orderings, the text normalizations) so that its output is the
/// same bytes; DEBUG builds check that on every call (see `XMLDocument.canonicalize`).
///
/// It handles exactly: the whole document or one element subtree, with at most one excluded
/// subtree inside it, made of element, attribute, text, CDATA, comment and processing-instruction
/// nodes. For anything else it returns nil and the caller uses libxml2: entity references,
/// XInclude markers, DTD nodes, attribute values that are not plain text, a namespace URI that
/// libxml2 refuses as relative (C14N 1.0 §2.1: it reports an error, and so does the caller), a
/// document not held in UTF-8, an excluded node that contains the apex or is the document element.
struct ExclusiveCanonicalWriter: ~Copyable {
    private let document: xmlDocPtr
    private let excluded: xmlNodePtr?
    private let withComments: Bool
    /// The PrefixList as C strings; nil stands for the default namespace (`#default`).
    private let inclusivePrefixes: [UnsafeMutablePointer<xmlChar>?]
    private let inclusiveListHasDefault: Bool
    /// The document's ``VerbatimElement`` placeholders, written as the canonical forms they carry.
    private let verbatim: [(node: xmlNodePtr, element: VerbatimElement)]

    private var output = ByteBuffer(capacity: 4096)
    /// libxml2's `ns_rendered`: namespaces rendered or visibly used by the output ancestors and
    /// the current element, in `rendered[0..<renderedCount]` (`renderedCount` is libxml2's
    /// `nsCurEnd`; entries past it are stale and get overwritten).
    private var rendered: [xmlNsPtr] = []
    private var renderedCount = 0
    private var previousStart = 0
    private var previousEnd = 0
    /// Scratch lists reused for every element: the namespaces to render, the attributes sorted.
    private var namespaceList: [xmlNsPtr] = []
    private var attributeList: [xmlAttrPtr] = []
    private var position = Position.beforeDocumentElement
    private var parentIsDocument = true

    private enum Position { case beforeDocumentElement, insideDocumentElement, afterDocumentElement }

    /// Canonicalizes the subtree at `apex` (the whole document when nil), leaving out
    /// `excluded`'s subtree; nil when the input is outside what this writer handles.
    static func canonicalize(
        document: xmlDocPtr, apex: xmlNodePtr?, excluded: xmlNodePtr?, withComments: Bool,
        inclusivePrefixes: [String], verbatim: [(node: xmlNodePtr, element: VerbatimElement)] = []
    ) -> [UInt8]? {
        guard document.pointee.charset == Int32(XML_CHAR_ENCODING_UTF8.rawValue) else { return nil }
        if let excluded, let apex {
            var current: xmlNodePtr? = apex
            while let node = current {
                if node == excluded { return nil }
                current = node.pointee.parent
            }
        }
        var prefixes: [UnsafeMutablePointer<xmlChar>?] = []
        var hasDefault = false
        for prefix in inclusivePrefixes {
            if prefix == "#default" || prefix.isEmpty {
                prefixes.append(nil)
                hasDefault = true
            } else {
                guard let copy = xmlCharStrdup(prefix) else { prefixes.forEach { tessera_xmlFree($0) }; return nil }
                prefixes.append(copy)
            }
        }
        defer { prefixes.forEach { tessera_xmlFree($0) } }
        var writer = ExclusiveCanonicalWriter(
            document: document, excluded: excluded, withComments: withComments,
            inclusivePrefixes: prefixes, inclusiveListHasDefault: hasDefault, verbatim: verbatim)
        if let apex {
            guard apex.pointee.type == XML_ELEMENT_NODE, writer.element(apex, visible: true) else { return nil }
        } else {
            guard writer.documentChildren() else { return nil }
        }
        return writer.output.bytes
    }

    private init(
        document: xmlDocPtr, excluded: xmlNodePtr?, withComments: Bool,
        inclusivePrefixes: [UnsafeMutablePointer<xmlChar>?], inclusiveListHasDefault: Bool,
        verbatim: [(node: xmlNodePtr, element: VerbatimElement)]
    ) {
        self.document = document
        self.excluded = excluded
        self.withComments = withComments
        self.inclusivePrefixes = inclusivePrefixes
        self.inclusiveListHasDefault = inclusiveListHasDefault
        self.verbatim = verbatim
        // Sized once for what a signed SOAP message's elements carry, instead of growing from
        // empty in every canonicalization.
        rendered.reserveCapacity(16)
        namespaceList.reserveCapacity(8)
        attributeList.reserveCapacity(8)
    }

    // MARK: Nodes

    private mutating func documentChildren() -> Bool {
        var child = document.pointee.children
        while let node = child {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                // An excluded document element would leave the position untouched; rare enough to leave to libxml2.
                guard node != excluded, element(node, visible: true) else { return false }
            case XML_COMMENT_NODE, XML_PI_NODE:
                guard leaf(node, visible: true) else { return false }
            default:
                return false
            }
            child = node.pointee.next
        }
        return true
    }

    /// Text, CDATA, comment and PI nodes (C14N 1.0 §2.3); false for any other node type.
    private mutating func leaf(_ node: xmlNodePtr, visible: Bool) -> Bool {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if visible, let content = node.pointee.content { writeEscaped(content, .text) }
        case XML_PI_NODE:
            guard visible else { return true }
            write(position == .afterDocumentElement ? "\n<?" : "<?")
            write(node.pointee.name)
            if let content = node.pointee.content, content.pointee != 0 {
                output.append(UInt8(ascii: " "))
                writeEscaped(content, .processingInstruction)
            }
            write(position == .beforeDocumentElement ? "?>\n" : "?>")
        case XML_COMMENT_NODE:
            guard visible, withComments else { return true }
            write(position == .afterDocumentElement ? "\n<!--" : "<!--")
            if let content = node.pointee.content { writeEscaped(content, .comment) }
            write(position == .beforeDocumentElement ? "-->\n" : "-->")
        default:
            return false
        }
        return true
    }

    private mutating func element(_ node: xmlNodePtr, visible: Bool) -> Bool {
        if visible, !verbatim.isEmpty, let entry = verbatim.first(where: { $0.node == node }) {
            return placeholder(entry.element)
        }
        guard declaresOnlyAbsoluteNamespaces(node) else { return false }
        let name = QualifiedName(node)
        let saved = (count: renderedCount, previousStart: previousStart, previousEnd: previousEnd)
        var wasDocumentChild = false
        if visible {
            if parentIsDocument {
                wasDocumentChild = true
                parentIsDocument = false
                position = .insideDocumentElement
            }
            output.append(UInt8(ascii: "<"))
            writeQualifiedName(name)
            namespaceAxis(node)
            previousStart = previousEnd
            previousEnd = renderedCount
            guard attributeAxis(node) else { return false }
            output.append(UInt8(ascii: ">"))
        } else {
            guard attributesArePlainText(node) else { return false }
        }
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                guard element(current, visible: visible && current != excluded) else { return false }
            } else {
                guard leaf(current, visible: visible) else { return false }
            }
            child = current.pointee.next
        }
        if visible {
            write("</")
            writeQualifiedName(name)
            output.append(UInt8(ascii: ">"))
            if wasDocumentChild {
                parentIsDocument = true
                position = .afterDocumentElement
            }
        }
        renderedCount = saved.count
        previousStart = saved.previousStart
        previousEnd = saved.previousEnd
        return true
    }

    /// A ``VerbatimElement``'s placeholder: the canonical form the element carries, less its
    /// top-level declarations of bindings an output ancestor renders (xml-exc-c14n §3), when
    /// there is no PrefixList (whose prefixes would be rendered on its elements); false otherwise.
    private mutating func placeholder(_ element: VerbatimElement) -> Bool {
        guard let form = element.canonicalForm, inclusivePrefixes.isEmpty else { return false }
        if parentIsDocument { position = .afterDocumentElement }
        form.bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for declaration in form.declarations where isRendered(declaration) {
                output.append(bytes.baseAddress! + start, count: declaration.range.lowerBound - start)
                start = declaration.range.upperBound
            }
            output.append(bytes.baseAddress! + start, count: bytes.count - start)
        }
        return true
    }

    /// Whether the nearest namespace an output ancestor rendered or used with the declaration's
    /// prefix has its URI.
    private func isRendered(_ declaration: CanonicalXMLWriter.TopLevelDeclaration) -> Bool {
        var index = renderedCount - 1
        while index >= 0 {
            let ns = rendered[index]
            let storage = declaration.namespace.storage
            if let prefix = ns.pointee.prefix, LibXML2.equal(prefix, storage.cPrefix.baseAddress!) {
                guard let href = ns.pointee.href else { return false }
                return LibXML2.equal(href, storage.cURI.baseAddress!)
            }
            index -= 1
        }
        return false
    }

    /// An element's prefix (nil when none or empty) and local name, measured once for the start
    /// and end tags.
    private struct QualifiedName {
        let prefix: UnsafePointer<xmlChar>?
        let prefixLength: Int
        let localName: UnsafePointer<xmlChar>
        let localNameLength: Int

        init(_ node: xmlNodePtr) {
            if let ns = node.pointee.ns, let prefix = ns.pointee.prefix, prefix.pointee != 0 {
                self.prefix = prefix
                prefixLength = ExclusiveCanonicalWriter.length(prefix)
            } else {
                prefix = nil
                prefixLength = 0
            }
            localName = node.pointee.name
            localNameLength = ExclusiveCanonicalWriter.length(localName)
        }
    }

    /// A short NUL-terminated string's length, inline (`xmlStrlen` is two calls).
    @inline(__always)
    private static func length(_ string: UnsafePointer<xmlChar>) -> Int {
        var length = 0
        while string[length] != 0 { length += 1 }
        return length
    }

    private mutating func writeQualifiedName(_ name: QualifiedName) {
        if let prefix = name.prefix {
            output.append(prefix, count: name.prefixLength)
            output.append(UInt8(ascii: ":"))
        }
        output.append(name.localName, count: name.localNameLength)
    }

    // MARK: Namespace axis (xml-exc-c14n §3, as libxml2's xmlExcC14NProcessNamespacesAxis)

    private mutating func namespaceAxis(_ node: xmlNodePtr) {
        if !namespaceList.isEmpty { namespaceList.removeAll(keepingCapacity: true) }
        var hasEmptyNamespace = false
        var visiblyUtilizesEmptyNamespace = false

        for prefix in inclusivePrefixes {
            guard let ns = xmlSearchNs(document, node, prefix), !Self.isXMLNamespace(ns) else { continue }
            let alreadyRendered = findInParentScope(ns)
            push(ns)
            if !alreadyRendered { Self.insert(ns, into: &namespaceList) }
            if Self.isEmpty(ns.pointee.prefix) { hasEmptyNamespace = true }
        }

        let elementNamespace: xmlNsPtr?
        if let ns = node.pointee.ns {
            elementNamespace = ns
        } else {
            elementNamespace = xmlSearchNs(document, node, nil)
            visiblyUtilizesEmptyNamespace = true
        }
        if let ns = elementNamespace, !Self.isXMLNamespace(ns) {
            if !findInAllScopes(prefix: ns.pointee.prefix, href: ns.pointee.href) { Self.insert(ns, into: &namespaceList) }
            push(ns)
            if Self.isEmpty(ns.pointee.prefix) { hasEmptyNamespace = true }
        }

        var attribute = node.pointee.properties
        while let current = attribute {
            // Attributes in the xml namespace never make its declaration visible.
            if let ns = current.pointee.ns, !Self.isXMLNamespace(ns) {
                let alreadyRendered = findInAllScopes(prefix: ns.pointee.prefix, href: ns.pointee.href)
                push(ns)
                if !alreadyRendered { Self.insert(ns, into: &namespaceList) }
                if Self.isEmpty(ns.pointee.prefix) { hasEmptyNamespace = true }
            }
            attribute = current.pointee.next
        }

        // xmlns="" when the default namespace in scope of an output ancestor was not empty.
        if !hasEmptyNamespace, visiblyUtilizesEmptyNamespace || inclusiveListHasDefault,
            !findInAllScopes(prefix: nil, href: nil)
        {
            write(#" xmlns="""#)
        }
        for ns in namespaceList {
            if let prefix = ns.pointee.prefix {
                write(" xmlns:")
                write(prefix)
                write("=\"")
            } else {
                write(" xmlns=\"")
            }
            if let href = ns.pointee.href { output.appendMeasured(href) }
            output.append(UInt8(ascii: "\""))
        }
    }

    private mutating func push(_ ns: xmlNsPtr) {
        if renderedCount < rendered.count { rendered[renderedCount] = ns } else { rendered.append(ns) }
        renderedCount += 1
    }

    /// libxml2's `xmlC14NVisibleNsStackFind`, used for the PrefixList: looks only at what the
    /// parent and this element pushed, except for the empty default namespace.
    private func findInParentScope(_ ns: xmlNsPtr) -> Bool {
        let prefix = ns.pointee.prefix, href = ns.pointee.href
        let isEmptyDefault = Self.isEmpty(prefix) && Self.isEmpty(href)
        return find(prefix: prefix, href: href, from: isEmptyDefault ? 0 : previousStart, notFound: isEmptyDefault)
    }

    /// libxml2's `xmlExcC14NVisibleNsStackFind`: whether the nearest namespace rendered with
    /// this prefix has this URI (true for the empty default namespace when none was rendered).
    private func findInAllScopes(prefix: UnsafePointer<xmlChar>?, href: UnsafePointer<xmlChar>?) -> Bool {
        find(prefix: prefix, href: href, from: 0, notFound: Self.isEmpty(prefix) && Self.isEmpty(href))
    }

    private func find(prefix: UnsafePointer<xmlChar>?, href: UnsafePointer<xmlChar>?, from start: Int, notFound: Bool) -> Bool {
        var index = renderedCount - 1
        while index >= start {
            let candidate = rendered[index]
            if Self.equal(prefix, candidate.pointee.prefix) { return Self.equal(href, candidate.pointee.href) }
            index -= 1
        }
        return notFound
    }

    /// Inserts before the first entry not less than `ns` by prefix, as `xmlListInsert` does.
    private static func insert(_ ns: xmlNsPtr, into list: inout [xmlNsPtr]) {
        var index = 0
        while index < list.count, list[index] != ns, compare(list[index].pointee.prefix, ns.pointee.prefix) < 0 { index += 1 }
        list.insert(ns, at: index)
    }

    /// libxml2's `xmlC14NIsXmlNs`: prefix `xml` bound to the XML namespace.
    private static func isXMLNamespace(_ ns: xmlNsPtr) -> Bool {
        guard let prefix = ns.pointee.prefix, prefix[0] == UInt8(ascii: "x"), prefix[1] == UInt8(ascii: "m"),
            prefix[2] == UInt8(ascii: "l"), prefix[3] == 0
        else { return false }
        return xmlStrEqual(ns.pointee.href, "http://www.w3.org/XML/1998/namespace") != 0
    }

    // MARK: Attribute axis (C14N 1.0 §2.3; no xml:* inheritance in exclusive C14N)

    private mutating func attributeAxis(_ node: xmlNodePtr) -> Bool {
        if !attributeList.isEmpty { attributeList.removeAll(keepingCapacity: true) }
        var attribute = node.pointee.properties
        while let current = attribute {
            // Before the first entry not less than it (an insertion sort, as xmlListInsert):
            // the entries from there on move up one place.
            attributeList.append(current)
            var index = attributeList.count - 1
            while index > 0, Self.compare(attributeList[index - 1], current) >= 0 {
                attributeList[index] = attributeList[index - 1]
                index -= 1
            }
            attributeList[index] = current
            attribute = current.pointee.next
        }
        for current in attributeList {
            output.append(UInt8(ascii: " "))
            if let ns = current.pointee.ns, let prefix = ns.pointee.prefix, prefix.pointee != 0 {
                write(prefix)
                output.append(UInt8(ascii: ":"))
            }
            write(current.pointee.name)
            write("=\"")
            var child = current.pointee.children
            while let text = child {
                guard text.pointee.type == XML_TEXT_NODE else { return false }
                if let content = text.pointee.content { writeEscaped(content, .attribute) }
                child = text.pointee.next
            }
            output.append(UInt8(ascii: "\""))
        }
        return true
    }

    private func attributesArePlainText(_ node: xmlNodePtr) -> Bool {
        var attribute = node.pointee.properties
        while let current = attribute {
            var child = current.pointee.children
            while let text = child {
                guard text.pointee.type == XML_TEXT_NODE else { return false }
                child = text.pointee.next
            }
            attribute = current.pointee.next
        }
        return true
    }

    /// libxml2's `xmlC14NAttrsCompare`: attributes without a namespace first, then by namespace
    /// URI, then by local name.
    private static func compare(_ first: xmlAttrPtr, _ second: xmlAttrPtr) -> Int32 {
        if first == second { return 0 }
        let firstNamespace = first.pointee.ns, secondNamespace = second.pointee.ns
        if firstNamespace == secondNamespace { return compare(first.pointee.name, second.pointee.name) }
        guard let firstNamespace else { return -1 }
        guard let secondNamespace else { return 1 }
        if firstNamespace.pointee.prefix == nil { return -1 }
        if secondNamespace.pointee.prefix == nil { return 1 }
        let byURI = compare(firstNamespace.pointee.href, secondNamespace.pointee.href)
        return byURI != 0 ? byURI : compare(first.pointee.name, second.pointee.name)
    }

    // MARK: Relative namespace URIs (C14N 1.0 §2.1, as libxml2's xmlC14NCheckForRelativeNamespaces)

    /// Whether every namespace declared on `node` has a URI libxml2 2.9 accepts: parseable by
    /// `xmlParseURI` and with a scheme.
    private func declaresOnlyAbsoluteNamespaces(_ node: xmlNodePtr) -> Bool {
        var declaration = node.pointee.nsDef
        while let ns = declaration {
            if let href = ns.pointee.href, href.pointee != 0 {
                guard Self.hasScheme(href) else { return false }
            }
            declaration = ns.pointee.next
        }
        return true
    }

    private static func hasScheme(_ href: UnsafePointer<xmlChar>) -> Bool {
        if isPlainAbsoluteURI(href) { return true }
        guard let uri = href.withMemoryRebound(to: CChar.self, capacity: 1, { xmlParseURI($0) }) else { return false }
        defer { xmlFreeURI(uri) }
        return uri.pointee.scheme.map { $0.pointee != 0 } ?? false
    }

    /// The two shapes namespace URIs take in SOAP, WS-* and SAML, recognised without
    /// `xmlParseURI`'s allocations: `urn:` followed by letters, digits and `:._-`, and
    /// `http://` or `https://`, a host of letters, digits, `.` and `-`, an optional path of
    /// letters, digits and `/._-`, and an optional empty fragment (`#` at the very end). Both
    /// are absolute URIs `xmlParseURI` accepts with a scheme; anything else goes to it.
    static func isPlainAbsoluteURI(_ href: UnsafePointer<xmlChar>) -> Bool {
        func hasPrefix(_ prefix: StaticString) -> Bool {
            let bytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            for (offset, byte) in bytes.enumerated() where href[offset] != byte { return false }
            return true
        }
        return uriCharacterClasses.withUnsafeBufferPointer { classes in
            func isIn(_ set: UInt8, _ byte: UInt8) -> Bool { classes[Int(byte)] & set != 0 }
            var cursor: UnsafePointer<xmlChar>
            if hasPrefix("urn:") {
                cursor = href + 4
                guard cursor.pointee != 0 else { return false }
                while cursor.pointee != 0 {
                    guard isIn(urnCharacter, cursor.pointee) else { return false }
                    cursor += 1
                }
                return true
            }
            if hasPrefix("http://") { cursor = href + 7 } else if hasPrefix("https://") { cursor = href + 8 } else { return false }
            let hostStart = cursor
            while isIn(hostCharacter, cursor.pointee) { cursor += 1 }
            guard cursor != hostStart else { return false }
            if cursor.pointee == UInt8(ascii: "/") {
                while isIn(pathCharacter, cursor.pointee) { cursor += 1 }
            }
            if cursor.pointee == UInt8(ascii: "#") { cursor += 1 }
            return cursor.pointee == 0
        }
    }

    /// ``uriCharacterClasses`` bits: letters, digits and `:._-` after `urn:`; letters, digits,
    /// `.` and `-` in a host; letters, digits and `/._-` in a path.
    static let urnCharacter: UInt8 = 1
    static let hostCharacter: UInt8 = 2
    static let pathCharacter: UInt8 = 4

    /// For each byte, the character sets of ``isPlainAbsoluteURI(_:)`` it belongs to: one load
    /// per byte instead of a comparison per range and character.
    static let uriCharacterClasses: [UInt8] = (0...255).map { value in
        let byte = UInt8(value)
        let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        func member(_ others: StaticString) -> Bool {
            isAlphanumeric || UnsafeBufferPointer(start: others.utf8Start, count: others.utf8CodeUnitCount).contains(byte)
        }
        return (member(":._-") ? urnCharacter : 0) | (member(".-") ? hostCharacter : 0) | (member("/._-") ? pathCharacter : 0)
    }

    // MARK: Output

    private enum Escaping { case text, attribute, comment, processingInstruction }

    private mutating func write(_ string: StaticString) {
        output.append(string.utf8Start, count: string.utf8CodeUnitCount)
    }

    private mutating func write(_ string: UnsafePointer<xmlChar>?) {
        guard let string else { return }
        output.appendNullTerminated(string)
    }

    /// `xmlC11NNormalizeString`: text escapes & < > CR; attribute values & < " TAB LF CR;
    /// comments and PIs only CR.
    private mutating func writeEscaped(_ string: UnsafePointer<xmlChar>, _ escaping: Escaping) {
        switch escaping {
        case .text: output.appendEscaping(string, escaped: "&<>\r\0", Self.reference)
        case .attribute: output.appendEscaping(string, escaped: "&<\"\t\n\r\0", Self.reference)
        case .comment, .processingInstruction: output.appendEscaping(string, escaped: "\r\0", Self.reference)
        }
    }

    /// What C14N writes for each byte it escapes (which bytes those are depends on the node).
    private static func reference(_ byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case 0x09: "&#x9;"
        case 0x0A: "&#xA;"
        case 0x0D: "&#xD;"
        default: nil
        }
    }

    // MARK: libxml2 string semantics

    /// `xmlStrcmp`: bytewise, nil before everything.
    private static func compare(_ first: UnsafePointer<xmlChar>?, _ second: UnsafePointer<xmlChar>?) -> Int32 {
        if first == second { return 0 }
        guard let first else { return -1 }
        guard let second else { return 1 }
        return xmlStrcmp(first, second)
    }

    /// `xmlC14NStrEqual`: nil equals the empty string.
    private static func equal(_ first: UnsafePointer<xmlChar>?, _ second: UnsafePointer<xmlChar>?) -> Bool {
        if first == second { return true }
        guard let first else { return second!.pointee == 0 }
        guard let second else { return first.pointee == 0 }
        return LibXML2.equal(first, second)
    }

    private static func isEmpty(_ string: UnsafePointer<xmlChar>?) -> Bool {
        string == nil || string!.pointee == 0
    }
}
