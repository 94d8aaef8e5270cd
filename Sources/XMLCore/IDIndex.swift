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
}

/// Every ID in a document, each mapped to the one element that carries it.
///
/// Building the index refuses a document in which one value is carried twice, by two elements
/// or by two ID attributes of different elements: such a document is a signature-wrapping
/// attempt or a broken message, and references into it are ambiguous.
public struct IDIndex {
    private let elements: [String: XMLElement]

    public init(_ document: XMLDocument) throws {
        var elements: [String: XMLElement] = [:]
        for element in document.root.descendantsAndSelf {
            var ownValues = Set<String>()
            for name in IDAttribute.names {
                guard let value = element.attribute(name.localName, name.namespace) else { continue }
                guard ownValues.insert(value).inserted || elements[value] == element else { continue }
                if let existing = elements[value], existing != element {
                    throw XMLError(.duplicateID, "the ID '\(value)' occurs more than once")
                }
                elements[value] = element
            }
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
