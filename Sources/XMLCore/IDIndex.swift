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
    private let elements: [String: XMLElement]

    public init(_ document: XMLDocument) throws {
        // A signed SOAP message carries a few dozen IDs at most: one allocation instead of a
        // resize at every doubling.
        var elements: [String: XMLElement] = Dictionary(minimumCapacity: 32)
        try document.forEachIDAttribute { value, element in
            if let existing = elements[value], existing != element {
                throw XMLError(.duplicateID, "the ID '\(value)' occurs more than once")
            }
            elements[value] = element
        }
        self.elements = elements
    }

    /// The element carrying `id`.
    public func element(withID id: String) throws -> XMLElement {
        guard let element = elements[id] else {
            throw XMLError(.unknownID, "no element has the ID '\(id)'")
        }
        return element
    }

    /// The element carrying `id`, or nil.
    public subscript(id: String) -> XMLElement? { elements[id] }

    /// The number of IDs in the document.
    public var count: Int { elements.count }
}

extension XMLDocument {
    /// Calls `body` with every ID attribute value and its element, in document order, reading
    /// libxml2's attribute lists directly (this runs for every signed message).
    func forEachIDAttribute(_ body: (String, XMLElement) throws -> Void) throws {
        try IDAttribute.libxml2Names.withMatcher { idNames in
            try visitIDAttributes(xmlDocGetRootElement(pointer), idNames: idNames, body)
        }
    }

    private func visitIDAttributes(_ node: xmlNodePtr, idNames: LibXML2NameList.Matcher, _ body: (String, XMLElement) throws -> Void) throws {
        var attribute = node.pointee.properties
        while let current = attribute {
            if idNames.contains(name: current.pointee.name, ns: current.pointee.ns) {
                let value: String
                if let text = current.pointee.children, text.pointee.type == XML_TEXT_NODE, text.pointee.next == nil {
                    // One text node, as the parser makes for a value without entity references:
                    // its content is the value (what xmlNodeListGetString would copy).
                    value = LibXML2.string(text.pointee.content) ?? ""
                } else {
                    value = LibXML2.takeString(xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1)) ?? ""
                }
                try body(value, XMLElement(document: self, node: node))
            }
            attribute = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { try visitIDAttributes(current, idNames: idNames, body) }
            child = current.pointee.next
        }
    }
}
