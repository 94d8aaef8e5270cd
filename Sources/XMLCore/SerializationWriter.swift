internal import CLibXML2

/// Tessera's own XML serializer, walking the libxml2 tree and writing into one ``ByteBuffer``
/// instead of going through `xmlSaveToBuffer` with a "UTF-8" encoder (which copies every byte
/// through an UTF-8 to UTF-8 conversion).
///
/// It follows libxml2 2.9's `xmlsave.c` without formatting (`xmlDocContentDumpOutput`,
/// `xmlNodeDumpOutputInternal`, `xmlBufAttrSerializeTxtContent`, `xmlBufWriteQuotedString`) so
/// that its output is the same bytes; DEBUG builds check that on every call (see
/// `XMLDocument.serialize`). What it writes:
/// - elements as `<prefix:name`, the namespace declarations the element carries (`nsDef`, in
///   order, without the `xml` prefix), its attributes in order, then `/>` when it has no
///   children; declarations made on ancestors are not repeated;
/// - text with `&`, `<`, `>` escaped and CR as `&#13;`; attribute values with `&`, `<`, `>`,
///   `"` escaped and TAB, LF, CR as `&#9;`, `&#10;`, `&#13;` (XML 1.0 §3.3.3), and, for a
///   subtree of a document without a declared encoding, non-ASCII characters as hexadecimal
///   character references (libxml2 gives the document the save encoding only while it saves
///   the whole document);
/// - CDATA sections (split around `]]>`), comments and processing instructions unescaped;
/// - for a whole document, the optional XML declaration and a line feed after each top-level node.
///
/// In place of a ``VerbatimElement``'s placeholder it writes the element's bytes as they are.
///
/// It returns nil, and the caller uses libxml2, for anything else: a document not held in
/// UTF-8, entity references, XInclude markers, DTD or declaration nodes, attribute values that
/// are not plain text, unescaped text nodes, malformed UTF-8 where it would write character references.
struct SerializationWriter: ~Copyable {
    private var output: ByteBuffer
    /// Whether attribute values write non-ASCII characters as character references.
    private let attributeCharacterReferences: Bool
    /// The document's placeholders and their bytes (``XMLDocument/verbatimElements``).
    private let verbatim: [(node: xmlNodePtr, element: VerbatimElement)]

    private init(capacity: Int, attributeCharacterReferences: Bool, verbatim: [(node: xmlNodePtr, element: VerbatimElement)]) {
        output = ByteBuffer(capacity: capacity)
        self.attributeCharacterReferences = attributeCharacterReferences
        self.verbatim = verbatim
    }

    /// The whole document as `xmlSaveDoc` writes it with the "UTF-8" encoding (and
    /// `XML_SAVE_NO_DECL` unless `includeDeclaration`); nil when outside this writer's scope.
    static func serialize(document tree: XMLDocument, includeDeclaration: Bool) -> [UInt8]? {
        let document = tree.pointer
        guard document.pointee.charset == Int32(XML_CHAR_ENCODING_UTF8.rawValue) else { return nil }
        var writer = SerializationWriter(capacity: 8192, attributeCharacterReferences: false, verbatim: tree.verbatimElements)
        if includeDeclaration { writer.declaration(document) }
        var child = document.pointee.children
        while let node = child {
            switch node.pointee.type {
            case XML_ELEMENT_NODE, XML_COMMENT_NODE, XML_PI_NODE:
                guard writer.node(node) else { return nil }
            default:
                return nil
            }
            writer.output.append(UInt8(ascii: "\n"))
            child = node.pointee.next
        }
        return writer.output.bytes
    }

    /// One node and its subtree as `xmlSaveTree` writes it with the "UTF-8" encoding; nil when
    /// outside this writer's scope.
    static func serialize(node: xmlNodePtr, in tree: XMLDocument) -> [UInt8]? {
        let document = tree.pointer
        guard document.pointee.charset == Int32(XML_CHAR_ENCODING_UTF8.rawValue) else { return nil }
        var writer = SerializationWriter(
            capacity: 4096, attributeCharacterReferences: document.pointee.encoding == nil, verbatim: tree.verbatimElements)
        guard writer.node(node) else { return nil }
        return writer.output.bytes
    }

    /// The child nodes of `parent`, each as ``serialize(node:in:)`` writes it, one after the
    /// other in one buffer; nil when one of them is outside this writer's scope.
    static func serialize(contentOf parent: xmlNodePtr, in tree: XMLDocument) -> [UInt8]? {
        let document = tree.pointer
        guard document.pointee.charset == Int32(XML_CHAR_ENCODING_UTF8.rawValue) else { return nil }
        var writer = SerializationWriter(
            capacity: 4096, attributeCharacterReferences: document.pointee.encoding == nil, verbatim: tree.verbatimElements)
        var child = parent.pointee.children
        while let node = child {
            guard writer.node(node) else { return nil }
            child = node.pointee.next
        }
        return writer.output.bytes
    }

    // MARK: Nodes

    /// `<?xml version="…" encoding="UTF-8"[ standalone="…"]?>` and a line feed.
    private mutating func declaration(_ document: xmlDocPtr) {
        write("<?xml version=")
        if let version = document.pointee.version { writeQuoted(version) } else { write("\"1.0\"") }
        write(" encoding=\"UTF-8\"")
        switch document.pointee.standalone {
        case 0: write(" standalone=\"no\"")
        case 1: write(" standalone=\"yes\"")
        default: break
        }
        write("?>\n")
    }

    private mutating func node(_ node: xmlNodePtr) -> Bool {
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            return element(node)
        case XML_TEXT_NODE:
            guard let content = node.pointee.content else { return true }
            // A text node named "textnoenc" is written unescaped (XSLT); never made by Tessera.
            guard !Self.isUnescapedText(node) else { return false }
            writeEscapedText(content)
        case XML_CDATA_SECTION_NODE:
            cdata(node.pointee.content)
        case XML_COMMENT_NODE:
            guard let content = node.pointee.content else { return true }
            write("<!--")
            write(content)
            write("-->")
        case XML_PI_NODE:
            write("<?")
            write(node.pointee.name)
            if let content = node.pointee.content {
                output.append(UInt8(ascii: " "))
                write(content)
            }
            write("?>")
        default:
            return false
        }
        return true
    }

    private mutating func element(_ node: xmlNodePtr) -> Bool {
        if !verbatim.isEmpty, let entry = verbatim.first(where: { $0.node == node }) {
            entry.element.bytes.withUnsafeBufferPointer { output.append($0.baseAddress!, count: $0.count) }
            return true
        }
        output.append(UInt8(ascii: "<"))
        writeQualifiedName(node)
        var declaration = node.pointee.nsDef
        while let ns = declaration {
            namespaceDeclaration(ns)
            declaration = ns.pointee.next
        }
        var attribute = node.pointee.properties
        while let current = attribute {
            guard self.attribute(current) else { return false }
            attribute = current.pointee.next
        }
        guard node.pointee.children != nil else {
            write("/>")
            return true
        }
        output.append(UInt8(ascii: ">"))
        var child = node.pointee.children
        while let current = child {
            guard self.node(current) else { return false }
            child = current.pointee.next
        }
        write("</")
        writeQualifiedName(node)
        output.append(UInt8(ascii: ">"))
        return true
    }

    private mutating func writeQualifiedName(_ node: xmlNodePtr) {
        if let ns = node.pointee.ns, let prefix = ns.pointee.prefix {
            write(prefix)
            output.append(UInt8(ascii: ":"))
        }
        write(node.pointee.name)
    }

    /// `xmlNsDumpOutput`: ` xmlns:prefix="uri"`, nothing for the `xml` prefix or a missing URI.
    private mutating func namespaceDeclaration(_ ns: xmlNsPtr) {
        guard ns.pointee.type == XML_NAMESPACE_DECL, let href = ns.pointee.href else { return }
        if let prefix = ns.pointee.prefix {
            guard !Self.equals(prefix, "xml") else { return }
            write(" xmlns:")
            write(prefix)
        } else {
            write(" xmlns")
        }
        output.append(UInt8(ascii: "="))
        writeQuoted(href)
    }

    private mutating func attribute(_ attribute: xmlAttrPtr) -> Bool {
        output.append(UInt8(ascii: " "))
        if let ns = attribute.pointee.ns, let prefix = ns.pointee.prefix {
            write(prefix)
            output.append(UInt8(ascii: ":"))
        }
        write(attribute.pointee.name)
        write("=\"")
        var child = attribute.pointee.children
        while let text = child {
            guard text.pointee.type == XML_TEXT_NODE else { return false }
            if let content = text.pointee.content {
                guard writeEscapedAttributeValue(content) else { return false }
            }
            child = text.pointee.next
        }
        output.append(UInt8(ascii: "\""))
        return true
    }

    /// A CDATA section, split so that no section contains `]]>`.
    private mutating func cdata(_ content: UnsafePointer<xmlChar>?) {
        guard let content, content.pointee != 0 else {
            write("<![CDATA[]]>")
            return
        }
        var start = content, end = content
        while end.pointee != 0 {
            if end[0] == UInt8(ascii: "]"), end[1] == UInt8(ascii: "]"), end[2] == UInt8(ascii: ">") {
                end += 2
                write("<![CDATA[")
                output.append(start, count: end - start)
                write("]]>")
                start = end
            }
            end += 1
        }
        if start != end {
            write("<![CDATA[")
            output.append(start, count: end - start)
            write("]]>")
        }
    }

    private static func isUnescapedText(_ node: xmlNodePtr) -> Bool {
        guard let name = node.pointee.name else { return false }
        return equals(name, "textnoenc")
    }

    /// Bytewise equality with an ASCII literal, inline (names are short; `xmlStrEqual` is a call).
    @inline(__always)
    private static func equals(_ string: UnsafePointer<xmlChar>, _ literal: StaticString) -> Bool {
        let bytes = literal.utf8Start
        for index in 0..<literal.utf8CodeUnitCount where string[index] != bytes[index] { return false }
        return string[literal.utf8CodeUnitCount] == 0
    }

    // MARK: Output

    private mutating func write(_ string: StaticString) {
        output.append(string.utf8Start, count: string.utf8CodeUnitCount)
    }

    private mutating func write(_ string: UnsafePointer<xmlChar>?) {
        guard let string else { return }
        output.appendNullTerminated(string)
    }

    /// `xmlBufWriteQuotedString`: in double quotes; in single quotes when the value has a `"`
    /// and no `'`; with `"` as `&quot;` when it has both. Nothing else is escaped.
    private mutating func writeQuoted(_ string: UnsafePointer<xmlChar>) {
        let length = ByteBuffer.runLength(string, before: "\"\0")
        guard string[length] != 0 else {
            output.append(UInt8(ascii: "\""))
            output.append(string, count: length)
            output.append(UInt8(ascii: "\""))
            return
        }
        guard string[ByteBuffer.runLength(string, before: "'\0")] != 0 else {
            output.append(UInt8(ascii: "'"))
            output.appendMeasured(string)
            output.append(UInt8(ascii: "'"))
            return
        }
        output.append(UInt8(ascii: "\""))
        output.appendEscaping(string, escaped: "\"\0") { _ in "&quot;" }
        output.append(UInt8(ascii: "\""))
    }

    /// The bytes text escapes (`&`, `<`, `>`, CR) and attribute values escape (those, `"`, TAB
    /// and LF): as sets for ``ByteBuffer/appendEscaping(_:escaped:_:)``, and as a bit mask for
    /// attribute values written with character references, a loop over the bytes.
    private static let textEscapes: StaticString = "&<>\r\0"
    private static let attributeEscapes: StaticString = "&<>\"\t\n\r\0"
    private static let attributeEscapeMask: UInt64 = 1 << 0x26 | 1 << 0x3C | 1 << 0x3E | 1 << 0x0D | 1 << 0x22 | 1 << 0x09 | 1 << 0x0A

    /// `xmlEscapeContent`: `&`, `<`, `>` and CR; every other byte as it is.
    private mutating func writeEscapedText(_ string: UnsafePointer<xmlChar>) {
        output.appendEscaping(string, escaped: Self.textEscapes, Self.escaped)
    }

    /// `xmlBufAttrSerializeTxtContent`: `&`, `<`, `>`, `"`, TAB, LF and CR escaped, and
    /// non-ASCII characters as character references when ``attributeCharacterReferences``;
    /// false for malformed UTF-8 or a non-XML character there (libxml2 reports an error and
    /// writes the bytes one by one, left to it).
    private mutating func writeEscapedAttributeValue(_ string: UnsafePointer<xmlChar>) -> Bool {
        guard attributeCharacterReferences else {
            output.appendEscaping(string, escaped: Self.attributeEscapes, Self.escaped)
            return true
        }
        var cursor = string
        while true {
            cursor = output.appendEscapingUpToNonASCII(cursor, escapes: Self.attributeEscapeMask, Self.escaped)
            if cursor.pointee == 0 { return true }
            // A non-ASCII character, written as a reference; a lead byte that ends the string is
            // written as it is, as libxml2 does.
            guard cursor[1] != 0 else {
                output.append(cursor.pointee)
                cursor += 1
                continue
            }
            guard let (scalar, length) = Self.decodeUTF8(cursor) else { return false }
            writeHexCharacterReference(scalar)
            cursor += length
        }
    }

    /// libxml2's replacements when saving: `&amp;`, `&lt;`, `&gt;`, `&quot;`, and TAB, LF, CR
    /// as decimal character references (which of them apply is each caller's mask).
    private static func escaped(_ byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case 0x09: "&#9;"
        case 0x0A: "&#10;"
        case 0x0D: "&#13;"
        default: nil
        }
    }

    /// `xmlSerializeHexCharRef`: `&#x` and upper-case hexadecimal digits without leading zeros.
    private mutating func writeHexCharacterReference(_ value: UInt32) {
        write("&#x")
        let digits: StaticString = "0123456789ABCDEF"
        var shift = 28
        while shift > 0, (value >> UInt32(shift)) & 0xF == 0 { shift -= 4 }
        while shift >= 0 {
            output.append(digits.utf8Start[Int((value >> UInt32(shift)) & 0xF)])
            shift -= 4
        }
        output.append(UInt8(ascii: ";"))
    }

    /// The character starting at `start` and its length in bytes, when it is well-formed UTF-8
    /// (shortest form, no surrogate) and an XML `Char` (XML 1.0 §2.2).
    private static func decodeUTF8(_ start: UnsafePointer<xmlChar>) -> (UInt32, Int)? {
        let lead = start[0]
        let length: Int, initial: UInt32, minimum: UInt32
        switch lead {
        case 0xC2...0xDF: (length, initial, minimum) = (2, UInt32(lead & 0x1F), 0x80)
        case 0xE0...0xEF: (length, initial, minimum) = (3, UInt32(lead & 0x0F), 0x800)
        case 0xF0...0xF4: (length, initial, minimum) = (4, UInt32(lead & 0x07), 0x10000)
        default: return nil
        }
        var value = initial
        for offset in 1..<length {
            let byte = start[offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value), value != 0xFFFE, value != 0xFFFF else { return nil }
        return (value, length)
    }
}
