internal import CLibXML2

/// Expanded names held as NUL-terminated UTF-8, so that tree walks run over every message
/// (envelope shape checks, ID indexing) compare libxml2's names with them without converting a
/// String per node and candidate.
struct LibXML2NameList: Sendable {
    private let names: [(localName: [UInt8], namespace: [UInt8]?)]

    init(_ names: [QName]) {
        self.names = names.map { (Array($0.localName.utf8) + [0], $0.namespace.map { Array($0.utf8) + [0] }) }
    }

    /// Whether a node or attribute called `name` in the namespace `ns` (nil: none) has one of the names.
    func contains(name: UnsafePointer<xmlChar>?, ns: xmlNsPtr?) -> Bool {
        names.contains { candidate in
            guard xmlStrEqual(name, candidate.localName) != 0 else { return false }
            guard let namespace = candidate.namespace else { return ns == nil }
            guard let ns else { return false }
            return xmlStrEqual(ns.pointee.href, namespace) != 0
        }
    }
}
