import XMLCore

/// What a ``DereferencingTransform`` writes into its `ds:Transform`, read once from a tree, so
/// that a ``SignatureBuilder`` writing SignedInfo as bytes (``SignatureBuilder/writesSignedInfoAsBytes``)
/// writes the same elements without building them for every signature. Whitespace between
/// child elements is not kept.
public struct TransformParameters: Sendable {
    struct Element: Sendable {
        let name: SignedInfoWriter.Name
        /// Unqualified, in their canonical order.
        let attributes: [(localName: String, value: String)]
        /// The text of an element without element children.
        let text: String?
        let children: [Element]
    }

    let elements: [Element]

    /// Reads what `transform` writes; nil when that holds what a SignedInfo written as bytes
    /// does not: an element without a prefix, a namespaced attribute, attributes out of their
    /// canonical order, text beside child elements.
    public init?(of transform: any DereferencingTransform) {
        let document = XMLDocument(rootLocalName: "Transform", namespace: XMLSecurityNamespace.ds, prefix: "ds")
        transform.writeParameters(into: document.root)
        guard let elements = Self.read(under: document.root) else { return nil }
        self.elements = elements
    }

    private static func read(under parent: XMLElement) -> [Element]? {
        var elements: [Element] = []
        for child in parent.children {
            guard let prefix = child.prefix, !prefix.isEmpty, let namespace = child.namespaceURI else { return nil }
            let attributes = child.attributes
            guard attributes.allSatisfy({ $0.name.namespace == nil }),
                zip(attributes, attributes.dropFirst()).allSatisfy({ Array($0.name.localName.utf8).lexicographicallyPrecedes($1.name.localName.utf8) })
            else { return nil }
            let grandchildren = child.children
            guard grandchildren.isEmpty || !child.hasNonWhitespaceText, let nested = read(under: child) else { return nil }
            elements.append(
                Element(
                    name: SignedInfoWriter.Name(prefix: prefix, localName: child.localName, namespace: namespace),
                    attributes: attributes.map { ($0.name.localName, $0.value) }, text: grandchildren.isEmpty ? child.text : nil,
                    children: nested))
        }
        return elements
    }

    /// Writes the elements into `writer`, inside the `ds:Transform`.
    func write(into writer: inout SignedInfoWriter) {
        Self.write(elements, into: &writer)
    }

    private static func write(_ elements: [Element], into writer: inout SignedInfoWriter) {
        for element in elements {
            writer.start(element.name)
            for attribute in element.attributes { writer.attribute(named: attribute.localName, attribute.value) }
            if let text = element.text, !text.isEmpty { writer.text(text) }
            write(element.children, into: &writer)
            writer.end(element.name)
        }
    }
}
