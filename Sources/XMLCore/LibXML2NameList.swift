internal import CLibXML2

/// Expanded names held as NUL-terminated UTF-8 in one buffer, so that tree walks run over every
/// message (envelope shape checks, ID indexing) compare libxml2's names with them without
/// converting a String per node, and without reference counting per comparison: a walk takes
/// one ``Matcher`` for all its nodes.
struct LibXML2NameList: Sendable {
    /// Where one name's local part and namespace (-1: none) start in `bytes`.
    fileprivate struct Entry: Sendable {
        let localName: Int
        let namespace: Int
    }

    private let bytes: [UInt8]
    private let entries: [Entry]

    init(_ names: [QName]) {
        // Appended in place, without temporary arrays per name.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(names.reduce(0) { $0 + $1.localName.utf8.count + ($1.namespace?.utf8.count ?? 0) + 2 })
        var entries: [Entry] = []
        entries.reserveCapacity(names.count)
        for name in names {
            let localName = bytes.count
            bytes.append(contentsOf: name.localName.utf8)
            bytes.append(0)
            var namespace = -1
            if let uri = name.namespace {
                namespace = bytes.count
                bytes.append(contentsOf: uri.utf8)
                bytes.append(0)
            }
            entries.append(Entry(localName: localName, namespace: namespace))
        }
        self.bytes = bytes
        self.entries = entries
    }

    /// Runs `body` with a matcher valid for the duration of the call.
    func withMatcher<R>(_ body: (Matcher) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            try entries.withUnsafeBufferPointer { entries in
                try body(Matcher(bytes: bytes, entries: entries))
            }
        }
    }

    /// Compares libxml2 names with the list; only valid inside ``withMatcher(_:)``.
    struct Matcher {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let entries: UnsafeBufferPointer<Entry>

        /// Whether a node or attribute called `name` in the namespace `ns` (nil: none) has one of the names.
        func contains(name: UnsafePointer<xmlChar>?, ns: xmlNsPtr?) -> Bool {
            guard let name, let base = bytes.baseAddress else { return false }
            for entry in entries {
                let localName = base + entry.localName
                guard LibXML2.equal(name, localName) else { continue }
                if entry.namespace < 0 {
                    if ns == nil { return true }
                    continue
                }
                if let href = ns?.pointee.href, LibXML2.equal(href, base + entry.namespace) { return true }
            }
            return false
        }
    }
}
