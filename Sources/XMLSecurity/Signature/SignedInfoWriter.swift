import XMLCore

/// Writes elements of a signature as bytes in two forms at once, for elements built from
/// known values rather than read from a tree: their Exclusive XML Canonicalization 1.0 with the
/// first element as the apex (no comments, no InclusiveNamespaces), and the bytes
/// XMLCore's serializer writes for the same elements built as a tree where they go, the
/// children of `place`.
///
/// Namespaces follow the tree builder's rules: an element's prefix is declared on it unless the
/// nearest binding of that prefix in scope (an element written before it, then `place` and its
/// ancestors) is to the same namespace. The canonical form renders a prefix on the first
/// element of each branch that uses it (Exclusive C14N §3); attributes are unqualified and
/// written in their canonical order.
///
/// Values must be ASCII: the serializer writes other characters of an element serialized on its
/// own as character references and as they are in a whole document, and the written bytes
/// cannot be both. A value outside ASCII, or a name the writer does not take (``Name``), makes
/// ``finish()`` return nil, and the caller builds the tree instead.
struct SignedInfoWriter: ~Copyable {
    /// An element's name, with the bytes written for it made once.
    final class Name: Sendable {
        let prefix: String
        let namespace: String
        /// `prefix:localName`.
        let qualified: [UInt8]
        /// ` xmlns:prefix="namespace"`: the same in both forms.
        let declaration: [UInt8]
        /// A non-empty prefix and a namespace URI of ASCII characters neither form escapes.
        let isWritable: Bool
        /// `ds:` in the XML-DSig namespace.
        let isSignatureName: Bool

        init(prefix: String, localName: String, namespace: String) {
            self.prefix = prefix
            self.namespace = namespace
            qualified = Array((prefix + ":" + localName).utf8)
            declaration = Array(" xmlns:\(prefix)=\"\(namespace)\"".utf8)
            isWritable = !prefix.isEmpty && namespace.utf8.allSatisfy { SignedInfoWriter.isPlain($0) }
            isSignatureName = prefix == "ds" && namespace == XMLSecurityNamespace.ds
        }
    }

    private var canonical: Output
    private var serialized: Output
    /// How many elements are open, and how many of them are not `ds:` elements.
    private var depth = 0
    private var otherNamesOpen = 0
    /// The names whose namespace the canonical form rendered, and the serialized form declared,
    /// on open elements, with the depth of each, innermost last.
    private var rendered: [(name: Name, depth: Int)] = []
    private var declared: [(name: Name, depth: Int)] = []
    /// The last element started has no content or end tag written yet.
    private var startTagOpen = false
    private var unsupported = false
    /// Namespace URIs bound to prefixes at `place`, looked up once each.
    private var bindingsAtPlace: [(prefix: String, namespace: String?)] = []
    /// Whether `ds` is bound to the XML-DSig namespace at `place`: then a `ds:` element inside
    /// the first one, outside any other element, declares and renders nothing.
    private let signatureNamespaceAtPlace: Bool
    private let place: XMLElement

    init(place: XMLElement, capacity: Int) {
        self.place = place
        canonical = Output(capacity: capacity)
        serialized = Output(capacity: capacity)
        signatureNamespaceAtPlace = place.namespaceURI(forPrefix: "ds") == XMLSecurityNamespace.ds
    }

    /// The canonical and the serialized bytes, once every element is ended; nil when the
    /// values were beyond what the writer takes.
    consuming func finish() -> (canonical: [UInt8], serialized: [UInt8])? {
        precondition(depth == 0, "an element is still open")
        return unsupported ? nil : (canonical.bytes, serialized.bytes)
    }

    mutating func start(_ name: Name) {
        closeStartTag()
        depth += 1
        canonical.append("<")
        canonical.append(name.qualified)
        serialized.append("<")
        serialized.append(name.qualified)
        startTagOpen = true
        if name.isSignatureName, depth > 1, otherNamesOpen == 0, signatureNamespaceAtPlace { return }
        if !name.isWritable { unsupported = true }
        if !name.isSignatureName { otherNamesOpen += 1 }
        if rendered.last(where: { $0.name.prefix == name.prefix })?.name.namespace != name.namespace {
            rendered.append((name, depth))
            canonical.append(name.declaration)
        }
        if namespaceInScope(of: name.prefix) != name.namespace {
            declared.append((name, depth))
            serialized.append(name.declaration)
        }
    }

    /// An unqualified attribute of the element just started, its value escaped as each form
    /// needs.
    mutating func attribute(_ localName: StaticString, _ value: String) {
        attribute(UnsafeBufferPointer(start: localName.utf8Start, count: localName.utf8CodeUnitCount), value, plain: false)
    }

    /// An attribute whose value is a constant of ASCII characters neither form escapes (an
    /// algorithm URI): copied without a look.
    mutating func attribute(_ localName: StaticString, plain value: String) {
        attribute(UnsafeBufferPointer(start: localName.utf8Start, count: localName.utf8CodeUnitCount), value, plain: true)
    }

    /// An attribute whose name is known only when the program runs.
    mutating func attribute(named localName: String, _ value: String) {
        var localName = localName
        localName.withUTF8 { attribute($0, value, plain: false) }
    }

    mutating func text(_ value: String) {
        closeStartTag()
        append(value, inAttribute: false, plain: false)
    }

    /// Text of ASCII characters neither form escapes (Base64).
    mutating func text(plain value: String) {
        closeStartTag()
        append(value, inAttribute: false, plain: true)
    }

    /// Ends the innermost open element, `name`: an empty one is `<a></a>` in the canonical form
    /// and `<a/>` serialized.
    mutating func end(_ name: Name) {
        if startTagOpen {
            canonical.append("></")
            canonical.append(name.qualified)
            canonical.append(">")
            serialized.append("/>")
            startTagOpen = false
        } else {
            canonical.append("</")
            canonical.append(name.qualified)
            canonical.append(">")
            serialized.append("</")
            serialized.append(name.qualified)
            serialized.append(">")
        }
        if !name.isSignatureName { otherNamesOpen -= 1 }
        while let last = rendered.last, last.depth == depth { rendered.removeLast() }
        while let last = declared.last, last.depth == depth { declared.removeLast() }
        depth -= 1
    }

    // MARK: Private

    private mutating func attribute(_ localName: UnsafeBufferPointer<UInt8>, _ value: String, plain: Bool) {
        precondition(startTagOpen, "an attribute belongs to a start tag")
        canonical.append(" ")
        canonical.append(localName)
        canonical.append("=\"")
        serialized.append(" ")
        serialized.append(localName)
        serialized.append("=\"")
        append(value, inAttribute: true, plain: plain)
        canonical.append("\"")
        serialized.append("\"")
    }

    private mutating func closeStartTag() {
        guard startTagOpen else { return }
        canonical.append(">")
        serialized.append(">")
        startTagOpen = false
    }

    /// The namespace `prefix` is bound to where the next element goes: by an open element,
    /// or at `place`.
    private mutating func namespaceInScope(of prefix: String) -> String? {
        if let binding = declared.last(where: { $0.name.prefix == prefix }) { return binding.name.namespace }
        if let binding = bindingsAtPlace.first(where: { $0.prefix == prefix }) { return binding.namespace }
        let namespace = place.namespaceURI(forPrefix: prefix)
        bindingsAtPlace.append((prefix, namespace))
        return namespace
    }

    /// An ASCII byte that neither form escapes, in text or in attribute values.
    @inline(__always)
    static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
            && byte != UInt8(ascii: "\"")
    }

    /// `value` escaped for each form: C14N escapes `&`, `<`, `"`, TAB, LF and CR in attribute
    /// values and `&`, `<`, `>`, CR in text (Canonical XML 1.0 §2.3); the serializer escapes
    /// `>` in attribute values too, and writes decimal character references. A `plain` value
    /// is copied as it is.
    private mutating func append(_ value: String, inAttribute: Bool, plain: Bool) {
        var value = value
        value.withUTF8 { bytes in
            assert(!plain || bytes.allSatisfy(Self.isPlain), "a value said to be plain needs escaping")
            // Most values (URIs, IDs) need no escaping in either form: one scan, one copy.
            if plain || bytes.allSatisfy(Self.isPlain) {
                canonical.append(bytes)
                serialized.append(bytes)
                return
            }
            for byte in bytes {
                guard byte < 0x80 else {
                    unsupported = true
                    return
                }
                let replacements: (canonical: StaticString, serialized: StaticString)? =
                    switch byte {
                    case UInt8(ascii: "&"): ("&amp;", "&amp;")
                    case UInt8(ascii: "<"): ("&lt;", "&lt;")
                    case UInt8(ascii: ">"): inAttribute ? (">", "&gt;") : ("&gt;", "&gt;")
                    case UInt8(ascii: "\""): inAttribute ? ("&quot;", "&quot;") : nil
                    case 0x09: inAttribute ? ("&#x9;", "&#9;") : nil
                    case 0x0A: inAttribute ? ("&#xA;", "&#10;") : nil
                    case 0x0D: ("&#xD;", "&#13;")
                    default: nil
                    }
                if let replacements {
                    canonical.append(replacements.canonical)
                    serialized.append(replacements.serialized)
                } else {
                    canonical.append(byte)
                    serialized.append(byte)
                }
            }
        }
    }
}

/// An append-only run of bytes in one heap block: many short appends, each a bounds check and
/// a copy.
private struct Output: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    private mutating func reserve(_ length: Int) {
        guard count + length > capacity else { return }
        let grown = max(capacity * 2, count + length)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.update(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = grown
    }
}
