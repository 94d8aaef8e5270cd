internal import CLibXML2

/// The attributes that give an element a same-document ID: `wsu:Id`, `xml:id`, and the
/// unqualified `Id` (XML-DSig, XML-Enc, WSS 1.1), `ID` (SAML 2.0) and `AssertionID` (SAML 1.1).
public enum IDAttribute {
    public static let wsuNamespace = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    public static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    /// The attribute names recognised as IDs.
    public static let names: [QName] = [
        QName(wsuNamespace, "Id"), QName(xmlNamespace, "id"),
        QName(nil, "Id"), QName(nil, "ID"), QName(nil, "AssertionID"),
    ]

    /// ``names`` in the form libxml2's attribute names are compared with.
    static let libxml2Names = LibXML2NameList(names)
}

/// Every ID in a document, each mapped to the one element that carries it.
///
/// Building the index refuses a document in which one value is carried twice, by two elements
/// or by two ID attributes of different elements: such a document is a signature-wrapping
/// attempt or a broken message, and references into it are ambiguous.
public struct IDIndex {
    /// The IDs and their elements, in document order, while there are at most
    /// ``listLimit``: a signed message carries about a dozen, and comparing a value with each
    /// costs less than hashing it. Each carries its ``Fingerprint``, compared first: the values
    /// of one message are mostly alike in length and prefix (`id-`, `DK-` and 16 hex digits), so
    /// comparing strings alone reads most of each. A document with more moves them into ``table``.
    private var list: [(fingerprint: Fingerprint, id: String, element: XMLElement)]
    private var table: [String: XMLElement]?
    private static let listLimit = 16

    public init(_ document: XMLDocument) throws {
        list = []
        list.reserveCapacity(Self.listLimit)
        try document.forEachIDAttribute { value, element in try add(value, element) }
    }

    /// Brings the index up to date after `removed` and its subtree left the document and the
    /// subtrees of `inserted` entered it, as decrypting an EncryptedData in place does
    /// (XML-Enc §4.4): the index is then what building it anew would give, and new content
    /// carrying a value that another element carries refuses the document as building would.
    /// The cost is that of the two subtrees, not of the document.
    public mutating func update(removing removed: XMLElement, inserting inserted: [XMLElement]) throws {
        XMLDocument.forEachIDAttribute(under: removed.node, document: removed.document) { value, element in
            if table != nil {
                if table?[value] == element { table?[value] = nil }
            } else {
                let fingerprint = Fingerprint(value)
                list.removeAll { $0.fingerprint == fingerprint && $0.id == value && $0.element == element }
            }
        }
        for subtree in inserted {
            try XMLDocument.forEachIDAttribute(under: subtree.node, document: subtree.document) { value, element in try add(value, element) }
        }
        #if DEBUG
            let document = removed.document
            assert((try? IDIndex(document))?.elements == elements, "the updated ID index differs from a rebuilt one")
        #endif
    }

    private mutating func add(_ value: String, _ element: XMLElement) throws {
        if table == nil {
            let fingerprint = Fingerprint(value)
            if let existing = list.first(where: { $0.fingerprint == fingerprint && $0.id == value }) {
                guard existing.element == element else { throw Self.duplicate(value) }
                return
            }
            if list.count < Self.listLimit {
                list.append((fingerprint: fingerprint, id: value, element: element))
                return
            }
            table = Dictionary(uniqueKeysWithValues: list.lazy.map { ($0.id, $0.element) })
            list = []
        }
        if let existing = table?[value], existing != element { throw Self.duplicate(value) }
        table?[value] = element
    }

    private static func duplicate(_ value: String) -> XMLError {
        XMLError(.duplicateID, "the ID '\(value)' occurs more than once")
    }

    /// The element carrying `id`.
    public func element(withID id: String) throws -> XMLElement {
        guard let element = self[id] else {
            throw XMLError(.unknownID, "no element has the ID '\(id)'")
        }
        return element
    }

    /// The element carrying `id`, or nil.
    public subscript(id: String) -> XMLElement? {
        if let table { return table[id] }
        let fingerprint = Fingerprint(id)
        return list.first { $0.fingerprint == fingerprint && $0.id == id }?.element
    }

    /// The number of IDs in the document.
    public var count: Int { table?.count ?? list.count }

    /// A value's UTF-8 length and its first and last eight bytes, mixed into one word: equal
    /// values have equal fingerprints, and values that differ in length or at either end (random
    /// IDs differ at the end) almost never do. Only a match is compared as a string.
    struct Fingerprint: Equatable {
        let bits: UInt64

        init(_ value: String) {
            var value = value
            bits = value.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return 0 }
                let count = bytes.count
                var first: UInt64 = 0
                var last: UInt64 = 0
                if count >= 8 {
                    first = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
                    last = UnsafeRawPointer(base + (count - 8)).loadUnaligned(as: UInt64.self)
                } else {
                    for byte in bytes { first = first << 8 | UInt64(byte) }
                }
                return (first &* 0x9E37_79B9_7F4A_7C15) ^ (last &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)
            }
        }
    }

    #if DEBUG
        /// Every ID and its element, however kept.
        private var elements: [String: XMLElement] {
            table ?? Dictionary(uniqueKeysWithValues: list.lazy.map { ($0.id, $0.element) })
        }
    #endif
}

extension XMLDocument {
    /// Calls `body` with every ID attribute value and its element, in document order, reading
    /// libxml2's attribute lists directly (this runs for every signed message).
    func forEachIDAttribute(_ body: (String, XMLElement) throws -> Void) throws {
        try Self.forEachIDAttribute(under: xmlDocGetRootElement(pointer), document: self, body)
    }

    /// As ``forEachIDAttribute(_:)`` for the subtree rooted at `node`, an element of `document`.
    static func forEachIDAttribute(under node: xmlNodePtr, document: XMLDocument, _ body: (String, XMLElement) throws -> Void) rethrows {
        try IDAttribute.libxml2Names.withMatcher { idNames in
            try visitIDAttributes(node, document: document, idNames: idNames, body)
        }
    }

    private static func visitIDAttributes(
        _ node: xmlNodePtr, document: XMLDocument, idNames: LibXML2NameList.Matcher, _ body: (String, XMLElement) throws -> Void
    ) rethrows {
        var attribute = node.pointee.properties
        while let current = attribute {
            if idNames.contains(name: current.pointee.name, ns: current.pointee.ns) {
                try body(LibXML2.attributeValue(current, in: node), XMLElement(document: document, node: node))
            }
            attribute = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { try visitIDAttributes(current, document: document, idNames: idNames, body) }
            child = current.pointee.next
        }
    }
}
