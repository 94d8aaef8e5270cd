internal import CLibXML2

extension XMLElement {
    /// Appends a child element in this element's own namespace, under the same prefix, holding
    /// `text` (escaped on output): what ``addChild(_:_:prefix:)`` with this element's namespace
    /// and prefix followed by ``setText(_:)`` makes, in one libxml2 call, without looking the
    /// binding up again.
    @discardableResult
    public func addTextChild(_ localName: String, text: String) -> XMLElement {
        let child = LibXML2.withXMLString(localName) { name in
            LibXML2.withXMLString(text) { xmlNewTextChild(node, node.pointee.ns, name, $0) }
        }!
        return XMLElement(document: document, node: child)
    }
}
