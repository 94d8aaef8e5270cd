/// Writes elements a program builds itself directly in their Exclusive XML Canonicalization 1.0
/// form (W3C REC xml-exc-c14n, without comments), with no tree: the bytes are at once a
/// serialization that parses back to the same elements and the octets a `#id` reference with
/// the exclusive C14N transform digests (XML-DSig §4.4.3.2), so a signer needs no
/// canonicalization pass. They are what ``XMLDocument/canonicalize(_:method:excluding:)`` gives
/// for a tree of the same elements whose namespaces are declared at or above the first element.
///
/// What exclusive C14N prescribes, done as the elements are written:
/// - a namespace declaration only on an element that visibly uses its prefix (in its name or an
///   attribute's) when no output ancestor rendered or used that prefix with the same URI (§3),
///   and on the first element the PrefixList's bindings (``init(inclusiveNamespaces:capacity:)``);
///   declarations sorted by prefix, attributes without a namespace first by local name, then by
///   namespace URI and local name (C14N 1.0 §2.2), bytewise;
/// - empty elements as a start and an end tag; text with `&`, `<`, `>` and CR escaped, attribute
///   values with `&`, `<`, `"`, TAB, LF and CR (C14N 1.0 §2.3).
///
/// Every element is in a ``Namespace`` with a prefix; names are the caller's constants (ASCII
/// NCNames, checked in DEBUG builds). Text and attribute values are the caller's data: a
/// character XML 1.0 does not allow (§2.2: controls other than TAB, LF and CR, U+FFFE, U+FFFF)
/// is refused with ``XMLError`` `invalidStructure`, and nothing is written for it.
public struct CanonicalXMLWriter: ~Copyable {
    /// A namespace URI with the prefix its elements and attributes are written with.
    public struct Namespace: Sendable {
        /// The prefix and URI, and the bytes a writer copies from: `prefix:` as names are
        /// written, and ` xmlns:prefix="uri"` (the URI escaped as an attribute value), held at
        /// fixed addresses for the storage's lifetime.
        final class Storage: @unchecked Sendable {
            let prefix: String
            let uri: String
            let qualifier: UnsafeBufferPointer<UInt8>
            let declaration: UnsafeBufferPointer<UInt8>
            /// The prefix and the URI, NUL-terminated, as libxml2's names are compared with.
            let cPrefix: UnsafeBufferPointer<UInt8>
            let cURI: UnsafeBufferPointer<UInt8>

            init(prefix: String, uri: String) {
                self.prefix = prefix
                self.uri = uri
                qualifier = Self.copy(Array(prefix.utf8) + [UInt8(ascii: ":")])
                cPrefix = Self.copy(Array(prefix.utf8) + [0])
                cURI = Self.copy(Array(uri.utf8) + [0])
                var declaration = ByteBuffer(capacity: uri.utf8.count + prefix.utf8.count + 12)
                let head: StaticString = " xmlns:"
                declaration.append(head.utf8Start, count: head.utf8CodeUnitCount)
                declaration.append(Array(prefix.utf8))
                declaration.append(UInt8(ascii: "="))
                declaration.append(UInt8(ascii: "\""))
                _ = CanonicalXMLWriter.appendEscaped(uri, attribute: true, to: &declaration)
                declaration.append(UInt8(ascii: "\""))
                self.declaration = Self.copy(declaration.bytes)
            }

            deinit {
                qualifier.deallocate()
                declaration.deallocate()
                cPrefix.deallocate()
                cURI.deallocate()
            }

            private static func copy(_ bytes: [UInt8]) -> UnsafeBufferPointer<UInt8> {
                let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
                _ = memory.initialize(from: bytes)
                return UnsafeBufferPointer(memory)
            }
        }

        let storage: Storage
        public var prefix: String { storage.prefix }
        public var uri: String { storage.uri }

        /// `prefix` (an NCName other than `xml` and `xmlns`) bound to `uri` (not empty, only
        /// characters XML allows).
        public init(prefix: String, uri: String) {
            precondition(CanonicalXMLWriter.isPlainName(prefix) && prefix != "xml" && prefix != "xmlns" && !uri.isEmpty, "not a namespace binding")
            precondition(CanonicalXMLWriter.isAllowed(uri), "a namespace URI holds a character XML does not allow")
            storage = Storage(prefix: prefix, uri: uri)
        }
    }

    /// A place between elements, after a complete element or a start tag, where an element
    /// written on its own can go (``insert(_:at:)``).
    public struct Position: Sendable {
        let offset: Int
        /// How many elements are open there.
        let depth: Int
        /// The IDs of the bindings the open elements there rendered or used, innermost last.
        let inScope: [Int]
    }

    /// A namespace declaration rendered where no enclosing element rendered its prefix: placed
    /// under an output ancestor that renders the same binding, exclusive C14N leaves it out
    /// (§3), and only it, since every other rendering decision inside depends on the elements
    /// inside.
    struct TopLevelDeclaration: Sendable {
        let namespace: Namespace
        /// Where it stands in the bytes.
        var range: Range<Int>
    }

    /// A namespace the writer met, and the bytes it writes for it.
    private struct Binding {
        let namespace: Namespace
        /// The first binding met with the same prefix.
        let prefixID: Int
        let qualifier: UnsafeBufferPointer<UInt8>
        let declaration: UnsafeBufferPointer<UInt8>
    }

    private struct OpenElement {
        let localName: StaticString
        let binding: Int
        let renderedCount: Int
    }

    private struct PendingAttribute {
        let localName: StaticString
        /// -1 for no namespace.
        let binding: Int
        /// Where its value stands in `attributeValues`, checked and escaped in one pass when
        /// added.
        let value: Range<Int>
    }

    /// An attribute of the first element, for a placeholder's IDs (``VerbatimElement``).
    struct ApexAttribute: Sendable {
        let localName: String
        let namespace: Namespace?
        let value: String
    }

    private var output: ByteBuffer
    private var bindings: [Binding] = []
    /// The PrefixList's bindings, rendered on the first element.
    private let inclusiveNamespaces: [Namespace]
    /// Binding IDs the open elements rendered or used, innermost last, in `rendered[..<renderedCount]`.
    private var rendered: [Int] = []
    private var renderedCount = 0
    private var open: [OpenElement] = []
    /// The start tag not yet written, open to attributes: its name and binding.
    private var pending: (localName: StaticString, binding: Int)?
    /// The pending start tag's attributes, in `pendingAttributes[..<attributeCount]` (the array is
    /// kept for the next start tag); its declarations are the bindings it adds to `rendered`.
    private var pendingAttributes: [PendingAttribute] = []
    private var attributeCount = 0
    /// The pending start tag's attribute values, escaped, until the start tag is written.
    private var attributeValues: ByteBuffer
    /// The first element's name and attributes.
    private(set) var apex: (localName: String, namespace: Namespace, attributes: [ApexAttribute])?
    private var pendingApexAttributes: [ApexAttribute] = []
    /// The declarations rendered where no enclosing element rendered their prefix, in order.
    private(set) var topLevelDeclarations: [TopLevelDeclaration] = []
    /// Inserted ``VerbatimElement``s whose own bytes differ from the canonical form written in
    /// their place (a PrefixList's declarations): where that form stands, and the bytes a
    /// serialization carries instead.
    private(set) var splices: [(range: Range<Int>, bytes: [UInt8])] = []
    /// Sizes a parser's limits judge (``XMLParsingLimits``).
    private(set) var elementCount = 0
    private(set) var maxDepth = 0
    private(set) var maxAttributes = 0
    private(set) var maxTextBytes = 0

    /// Whether one element was written and closed.
    public var isComplete: Bool { apex != nil && open.isEmpty && pending == nil }
    /// Whether the first element rendered a PrefixList.
    var hasInclusiveNamespaces: Bool { !inclusiveNamespaces.isEmpty }

    /// A writer whose first element renders `inclusiveNamespaces` besides what it visibly uses:
    /// the bindings in scope of the prefixes an `ec:InclusiveNamespaces` PrefixList names.
    public init(inclusiveNamespaces: [Namespace] = [], capacity: Int = 2048) {
        self.inclusiveNamespaces = inclusiveNamespaces
        output = ByteBuffer(capacity: capacity)
        attributeValues = ByteBuffer(capacity: 256)
        bindings.reserveCapacity(6)
        rendered.reserveCapacity(8)
        open.reserveCapacity(8)
        pendingAttributes.reserveCapacity(6)
    }

    /// What is written so far: the canonical form.
    public var bytes: [UInt8] { output.bytes }

    /// The serialization: ``bytes`` with each inserted ``VerbatimElement``'s own bytes in place of
    /// its canonical form.
    var serialization: [UInt8] {
        guard !splices.isEmpty else { return output.bytes }
        var serialized: [UInt8] = []
        serialized.reserveCapacity(output.count + splices.reduce(0) { $0 + $1.bytes.count })
        var start = 0
        output.withBytes { bytes in
            for splice in splices {
                serialized.append(contentsOf: bytes[start..<splice.range.lowerBound])
                serialized.append(contentsOf: splice.bytes)
                start = splice.range.upperBound
            }
            serialized.append(contentsOf: bytes[start...])
        }
        return serialized
    }

    // MARK: Elements

    /// Opens the element `localName` in `namespace`; its attributes follow, then its content.
    public mutating func startElement(_ localName: StaticString, _ namespace: Namespace) {
        assert(Self.isPlainName(localName.description))
        precondition(apex == nil || !open.isEmpty, "a canonical form holds one element")
        closeStartTag()
        let binding = intern(namespace)
        pending = (localName, binding)
        open.append(OpenElement(localName: localName, binding: binding, renderedCount: renderedCount))
        elementCount += 1
        if open.count > maxDepth { maxDepth = open.count }
    }

    /// Adds an attribute without a namespace to the element just opened.
    public mutating func attribute(_ localName: StaticString, _ value: String) throws {
        try addAttribute(localName, binding: -1, value)
    }

    /// Adds an attribute in `namespace` to the element just opened.
    public mutating func attribute(_ localName: StaticString, _ namespace: Namespace, _ value: String) throws {
        try addAttribute(localName, binding: intern(namespace), value)
    }

    /// Adds an attribute without a namespace when `value` is present.
    public mutating func attribute(_ localName: StaticString, ifPresent value: String?) throws {
        if let value { try attribute(localName, value) }
    }

    /// Adds text to the innermost open element.
    public mutating func text(_ text: String) throws {
        precondition(!open.isEmpty, "text outside the element")
        closeStartTag()
        let start = output.count
        guard Self.appendEscaped(text, attribute: false, to: &output) else {
            output.truncate(to: start)
            throw XMLError(.invalidStructure, "the text holds a character XML does not allow")
        }
        if output.count - start > maxTextBytes { maxTextBytes = output.count - start }
    }

    /// Adds the Base64 of `bytes` (RFC 4648 §4, as ``XMLBase64/encode(_:)``) to the innermost open
    /// element: written as it is encoded, its digits being characters no escaping touches.
    public mutating func text(base64Of bytes: [UInt8]) {
        precondition(!open.isEmpty, "text outside the element")
        closeStartTag()
        let length = XMLBase64.encodedLength(bytes.count)
        bytes.withUnsafeBufferPointer { input in
            output.append(count: length) { XMLBase64.encode(input, into: $0) }
        }
        if length > maxTextBytes { maxTextBytes = length }
    }

    /// A whole element holding only the Base64 of `bytes` (``text(base64Of:)``).
    public mutating func element(_ localName: StaticString, _ namespace: Namespace, base64Of bytes: [UInt8]) {
        startElement(localName, namespace)
        text(base64Of: bytes)
        endElement()
    }

    /// A whole element holding only `text`.
    public mutating func element(_ localName: StaticString, _ namespace: Namespace, text: String) throws {
        startElement(localName, namespace)
        try self.text(text)
        endElement()
    }

    /// Closes the innermost open element.
    public mutating func endElement() {
        closeStartTag()
        let element = open.removeLast()
        output.append(UInt8(ascii: "<"))
        output.append(UInt8(ascii: "/"))
        appendName(element.localName, element.binding)
        output.append(UInt8(ascii: ">"))
        renderedCount = element.renderedCount
    }

    // MARK: Elements written on their own

    /// Where the writer stands: after the last complete element or start tag.
    public mutating func position() -> Position {
        closeStartTag()
        return Position(offset: output.count, depth: open.count, inScope: Array(rendered[..<renderedCount]))
    }

    /// Puts `element`, one complete element another writer wrote without a PrefixList, at
    /// `position` of this writer (positions taken after it no longer hold), in the form exclusive
    /// C14N gives it there: its top-level declarations of bindings the open elements there
    /// already render are left out.
    public mutating func insert(_ element: borrowing CanonicalXMLWriter, at position: Position) {
        precondition(element.isComplete && !element.hasInclusiveNamespaces, "only a complete element written without a PrefixList can be inserted")
        _ = element.output.withBytes { bytes in
            insert(form: bytes, declarations: element.topLevelDeclarations, splices: element.splices, at: position)
        }
        elementCount += element.elementCount
        maxDepth = max(maxDepth, position.depth + element.maxDepth)
        maxAttributes = max(maxAttributes, element.maxAttributes)
        maxTextBytes = max(maxTextBytes, element.maxTextBytes)
    }

    /// Puts `verbatim`, an element a writer wrote (``VerbatimElement/init(written:limits:)``), at
    /// `position` as ``insert(_:at:)`` puts a writer's element: its canonical form here, and its
    /// own bytes in ``VerbatimElement/init(written:limits:)``'s serialization of this element.
    public mutating func insert(_ verbatim: VerbatimElement, at position: Position) {
        guard let form = verbatim.canonicalForm else { preconditionFailure("only an element a writer wrote can be inserted") }
        let inserted = form.bytes.withUnsafeBufferPointer { bytes in
            insert(form: bytes, declarations: form.declarations, splices: [], at: position)
        }
        if verbatim.bytes != form.bytes {
            let index = splices.firstIndex { $0.range.lowerBound >= inserted.upperBound } ?? splices.count
            splices.insert((inserted, verbatim.bytes), at: index)
        }
        elementCount += form.elementCount
        maxDepth = max(maxDepth, position.depth + form.maxDepth)
        maxAttributes = max(maxAttributes, form.maxAttributes)
        maxTextBytes = max(maxTextBytes, form.maxTextBytes)
    }

    /// Inserts the canonical form `bytes` (with its top-level `declarations` and `splices`) at
    /// `position`, leaving out the declarations the open elements there render; returns where
    /// the form now stands.
    private mutating func insert(
        form bytes: UnsafeBufferPointer<UInt8>, declarations: [TopLevelDeclaration], splices inserted: [(range: Range<Int>, bytes: [UInt8])],
        at position: Position
    ) -> Range<Int> {
        // Each declaration: left out (nil), kept at top level (true), or kept under an element
        // that binds its prefix otherwise (false).
        var dropped: [Range<Int>] = []
        var topLevel: [TopLevelDeclaration] = []
        for declaration in declarations {
            switch nearestURI(of: declaration.namespace.prefix, in: position.inScope) {
            case declaration.namespace.uri?: dropped.append(declaration.range)
            case nil: topLevel.append(declaration)
            default: break
            }
        }
        // An offset in the form, where it lands in this writer once the dropped runs are out.
        func moved(_ offset: Int) -> Int {
            var shift = 0
            for range in dropped where range.lowerBound < offset { shift += min(offset, range.upperBound) - range.lowerBound }
            return position.offset + offset - shift
        }
        var start = 0
        var at = position.offset
        for range in dropped {
            output.insert(UnsafeBufferPointer(rebasing: bytes[start..<range.lowerBound]), at: at)
            at += range.lowerBound - start
            start = range.upperBound
        }
        output.insert(UnsafeBufferPointer(rebasing: bytes[start...]), at: at)
        let length = at + bytes.count - start - position.offset
        if position.offset < output.count - length {
            for index in topLevelDeclarations.indices where topLevelDeclarations[index].range.lowerBound >= position.offset {
                topLevelDeclarations[index].range =
                    topLevelDeclarations[index].range.lowerBound + length..<topLevelDeclarations[index].range.upperBound + length
            }
            for index in splices.indices where splices[index].range.lowerBound >= position.offset {
                splices[index].range = splices[index].range.lowerBound + length..<splices[index].range.upperBound + length
            }
        }
        if !topLevel.isEmpty {
            for index in topLevel.indices { topLevel[index].range = moved(topLevel[index].range.lowerBound)..<moved(topLevel[index].range.upperBound) }
            let index = topLevelDeclarations.firstIndex { $0.range.lowerBound >= position.offset + length } ?? topLevelDeclarations.count
            topLevelDeclarations.insert(contentsOf: topLevel, at: index)
        }
        if !inserted.isEmpty {
            let moved = inserted.map { (range: moved($0.range.lowerBound)..<moved($0.range.upperBound), bytes: $0.bytes) }
            let index = splices.firstIndex { $0.range.lowerBound >= position.offset + length } ?? splices.count
            splices.insert(contentsOf: moved, at: index)
        }
        return position.offset..<position.offset + length
    }

    /// The URI the nearest of `scope`'s bindings with `prefix` binds it to, if any.
    private func nearestURI(of prefix: String, in scope: [Int]) -> String? {
        var index = scope.count - 1
        while index >= 0 {
            let namespace = bindings[scope[index]].namespace
            if namespace.prefix == prefix { return namespace.uri }
            index -= 1
        }
        return nil
    }

    // MARK: Start tags

    /// The ID of `namespace` among the bindings met, made on first use.
    private mutating func intern(_ namespace: Namespace) -> Int {
        for index in bindings.indices where bindings[index].namespace.storage === namespace.storage { return index }
        var prefixID = bindings.count
        for index in bindings.indices where bindings[index].namespace.prefix == namespace.prefix {
            if bindings[index].namespace.uri == namespace.uri { return index }
            prefixID = bindings[index].prefixID
        }
        bindings.append(
            Binding(namespace: namespace, prefixID: prefixID, qualifier: namespace.storage.qualifier, declaration: namespace.storage.declaration))
        return bindings.count - 1
    }

    private mutating func addAttribute(_ localName: StaticString, binding: Int, _ value: String) throws {
        precondition(pending != nil, "attributes go on the element just opened, before its content")
        assert(Self.isPlainName(localName.description))
        let start = attributeValues.count
        guard Self.appendEscaped(value, attribute: true, to: &attributeValues) else {
            attributeValues.truncate(to: start)
            throw XMLError(.invalidStructure, "the value holds a character XML does not allow")
        }
        if apex == nil, open.count == 1 {
            pendingApexAttributes.append(
                ApexAttribute(localName: localName.description, namespace: binding < 0 ? nil : bindings[binding].namespace, value: value))
        }
        let attribute = PendingAttribute(localName: localName, binding: binding, value: start..<attributeValues.count)
        if attributeCount < pendingAttributes.count { pendingAttributes[attributeCount] = attribute } else { pendingAttributes.append(attribute) }
        attributeCount += 1
    }

    /// Writes the pending start tag: its namespace axis (xml-exc-c14n §3) and its attributes in
    /// order.
    private mutating func closeStartTag() {
        guard let (localName, binding) = pending else { return }
        pending = nil
        let isApex = apex == nil
        let elementStart = open[open.count - 1].renderedCount
        if isApex {
            apex = (localName.description, bindings[binding].namespace, pendingApexAttributes)
            pendingApexAttributes = []
            for namespace in inclusiveNamespaces { use(intern(namespace), elementStart: elementStart) }
        }
        use(binding, elementStart: elementStart)
        for index in 0..<attributeCount where pendingAttributes[index].binding >= 0 {
            use(pendingAttributes[index].binding, elementStart: elementStart)
        }
        maxAttributes = max(maxAttributes, attributeCount, renderedCount - elementStart)

        output.append(UInt8(ascii: "<"))
        appendName(localName, binding)
        if renderedCount - elementStart > 1 { sortDeclarations(from: elementStart) }
        for index in elementStart..<renderedCount {
            let declaration = rendered[index]
            let start = output.count
            let bytes = bindings[declaration].declaration
            output.append(bytes.baseAddress!, count: bytes.count)
            if isTopLevel(declaration, before: elementStart) {
                topLevelDeclarations.append(TopLevelDeclaration(namespace: bindings[declaration].namespace, range: start..<output.count))
            }
        }
        if attributeCount > 1 { sortAttributes() }
        for index in 0..<attributeCount {
            let attribute = pendingAttributes[index]
            output.append(UInt8(ascii: " "))
            if attribute.binding >= 0 {
                appendName(attribute.localName, attribute.binding)
            } else {
                output.append(attribute.localName.utf8Start, count: attribute.localName.utf8CodeUnitCount)
            }
            output.append(UInt8(ascii: "="))
            output.append(UInt8(ascii: "\""))
            output.append(attributeValues, attribute.value)
            output.append(UInt8(ascii: "\""))
        }
        attributeCount = 0
        attributeValues.truncate(to: 0)
        output.append(UInt8(ascii: ">"))
    }

    /// Whether no enclosing element rendered or used the prefix of binding `id` (its entries end
    /// at `elementStart`).
    private func isTopLevel(_ id: Int, before elementStart: Int) -> Bool {
        let prefixID = bindings[id].prefixID
        for index in 0..<elementStart where bindings[rendered[index]].prefixID == prefixID { return false }
        return true
    }

    /// Renders binding `id` on the element being started, whose entries in `rendered` begin at
    /// `elementStart` (they are the declarations its start tag writes), unless the nearest binding
    /// of its prefix an output ancestor or this element rendered or used is the same.
    private mutating func use(_ id: Int, elementStart: Int) {
        let prefixID = bindings[id].prefixID
        var index = renderedCount - 1
        while index >= 0 {
            let candidate = rendered[index]
            if bindings[candidate].prefixID == prefixID {
                if candidate == id { return }
                precondition(index < elementStart, "one prefix bound to two namespaces on one element")
                break
            }
            index -= 1
        }
        if renderedCount < rendered.count { rendered[renderedCount] = id } else { rendered.append(id) }
        renderedCount += 1
    }

    /// The pending start tag's declarations, `rendered[elementStart...]`, by prefix (a handful:
    /// an insertion sort; one element binds each prefix once, so their order in `rendered`
    /// decides nothing else).
    private mutating func sortDeclarations(from elementStart: Int) {
        for next in elementStart + 1..<renderedCount {
            let declaration = rendered[next]
            var index = next
            while index > elementStart,
                bindings[declaration].namespace.prefix.utf8.lexicographicallyPrecedes(bindings[rendered[index - 1]].namespace.prefix.utf8)
            {
                rendered[index] = rendered[index - 1]
                index -= 1
            }
            rendered[index] = declaration
        }
    }

    /// C14N 1.0 §2.2's attribute order, as libxml2's `xmlC14NAttrsCompare`: no namespace first,
    /// by local name; then by namespace URI, then local name. An insertion sort: a start tag
    /// carries a handful.
    private mutating func sortAttributes() {
        for next in 1..<attributeCount {
            let attribute = pendingAttributes[next]
            var index = next
            while index > 0, precedes(attribute, pendingAttributes[index - 1]) {
                pendingAttributes[index] = pendingAttributes[index - 1]
                index -= 1
            }
            pendingAttributes[index] = attribute
        }
    }

    private func precedes(_ first: PendingAttribute, _ second: PendingAttribute) -> Bool {
        switch (first.binding >= 0, second.binding >= 0) {
        case (false, false):
            return Self.compare(first.localName, second.localName) < 0
        case (false, true):
            return true
        case (true, false):
            return false
        case (true, true):
            let firstURI = bindings[first.binding].namespace.uri, secondURI = bindings[second.binding].namespace.uri
            if firstURI != secondURI { return firstURI.utf8.lexicographicallyPrecedes(secondURI.utf8) }
            return Self.compare(first.localName, second.localName) < 0
        }
    }

    private static func compare(_ first: StaticString, _ second: StaticString) -> Int {
        let common = min(first.utf8CodeUnitCount, second.utf8CodeUnitCount)
        for index in 0..<common where first.utf8Start[index] != second.utf8Start[index] {
            return Int(first.utf8Start[index]) - Int(second.utf8Start[index])
        }
        return first.utf8CodeUnitCount - second.utf8CodeUnitCount
    }

    // MARK: Output

    private mutating func appendName(_ localName: StaticString, _ binding: Int) {
        let qualifier = bindings[binding].qualifier
        output.append(qualifier.baseAddress!, count: qualifier.count)
        output.append(localName.utf8Start, count: localName.utf8CodeUnitCount)
    }

    /// Appends `string` escaped as C14N 1.0 §2.3 escapes text (`attribute` false) or attribute
    /// values; false, having appended part of it, on a character XML 1.0 does not allow (§2.2:
    /// controls other than TAB, LF and CR, U+FFFE, U+FFFF).
    ///
    /// Eight bytes at a time are tested for any that needs a closer look (a control, `"`, `&`,
    /// `<`, `>`, or one of 0x80 and more): Base64 values and identifiers have none.
    static func appendEscaped(_ string: String, attribute: Bool, to output: inout ByteBuffer) -> Bool {
        var string = string
        return string.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return true }
            let count = utf8.count
            var index = 0, runStart = 0
            while index < count {
                if index + 8 <= count {
                    if !mayNeedEscaping(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                        index += 8
                        continue
                    }
                } else if count >= 8, !mayNeedEscaping(UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)) {
                    // The last eight bytes, overlapping those tested before: the rest is one run.
                    break
                }
                let end = min(index + 8, count)
                while index < end {
                    let byte = base[index]
                    let replacement: StaticString
                    switch byte {
                    case UInt8(ascii: "&"): replacement = "&amp;"
                    case UInt8(ascii: "<"): replacement = "&lt;"
                    case UInt8(ascii: ">") where !attribute: replacement = "&gt;"
                    case UInt8(ascii: "\"") where attribute: replacement = "&quot;"
                    case 0x09 where attribute: replacement = "&#x9;"
                    case 0x0A where attribute: replacement = "&#xA;"
                    case 0x0D: replacement = "&#xD;"
                    case 0x09, 0x0A, 0x20...0xEE, 0xF0...:
                        index += 1
                        continue
                    case 0xEF:
                        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
                        if index + 2 < count, base[index + 1] == 0xBF, base[index + 2] >= 0xBE { return false }
                        index += 1
                        continue
                    default:
                        return false
                    }
                    output.append(base + runStart, count: index - runStart)
                    output.append(replacement.utf8Start, count: replacement.utf8CodeUnitCount)
                    index += 1
                    runStart = index
                }
            }
            output.append(base + runStart, count: count - runStart)
            return true
        }
    }

    /// Whether every character of `string` is one XML 1.0 allows (§2.2): no controls but TAB,
    /// LF and CR, no U+FFFE or U+FFFF; eight bytes at a time, as ``appendEscaped(_:attribute:to:)``.
    static func isAllowed(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return true }
            let count = utf8.count
            var index = 0
            while index < count {
                if index + 8 <= count, !mayNeedEscaping(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = base[index]
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { return false }
                if byte == 0xEF, index + 2 < count, base[index + 1] == 0xBF, base[index + 2] >= 0xBE { return false }
                index += 1
            }
            return true
        }
    }

    /// Whether any of the eight bytes is below 0x20, `"`, `&`, `<`, `>`, or 0x80 or more.
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        // With no high bit set, `word - 0x20…` borrows into a byte's high bit only below 0x20.
        let below20 = (word &- 0x2020_2020_2020_2020) & ~word & highs
        // `"` (0x22) and `&` (0x26) differ only in bit 2, `<` (0x3C) and `>` (0x3E) only in
        // bit 1: one test finds either of a pair.
        let quoteOrAmpersand = hasZero((word & (ones &* 0xFB)) ^ (ones &* 0x22))
        let angleBracket = hasZero((word & (ones &* 0xFD)) ^ (ones &* 0x3C))
        return (word & highs) | below20 | quoteOrAmpersand | angleBracket != 0
    }

    /// An ASCII NCName (letters, digits, `-`, `.`, `_`; not starting with a digit, `-` or `.`).
    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(0x30...0x39).contains(first), first != UInt8(ascii: "-"), first != UInt8(ascii: ".") else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        }
    }
}
