internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One-time libxml2 initialisation, required before concurrent use.
enum LibXML2 {
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// Copies a libxml2 string into Swift without taking ownership.
    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Copies and frees a libxml2-allocated string.
    static func takeString(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        defer { tessera_xmlFree(pointer) }
        return String(cString: pointer)
    }

    /// The value of `attribute` of `element`. A value of one text node, as the parser makes for
    /// a value without entity references, is read in place; any other is what
    /// `xmlNodeListGetString` makes of it.
    static func attributeValue(_ attribute: UnsafeMutablePointer<xmlAttr>, in element: xmlNodePtr) -> String {
        if let text = attribute.pointee.children, text.pointee.type == XML_TEXT_NODE, text.pointee.next == nil {
            return string(text.pointee.content) ?? ""
        }
        return takeString(xmlNodeListGetString(element.pointee.doc, attribute.pointee.children, 1)) ?? ""
    }

    /// Whether two NUL-terminated strings are the same bytes, as `xmlStrEqual` for two strings:
    /// the first bytes, then `strcmp`, whose vector loop compares namespace URIs (40–80 bytes,
    /// equal whenever an element is where it should be) for a fraction of `xmlStrEqual`'s loop
    /// over the bytes.
    @inline(__always)
    static func equal(_ first: UnsafePointer<xmlChar>, _ second: UnsafePointer<xmlChar>) -> Bool {
        guard first.pointee == second.pointee else { return false }
        return first.withMemoryRebound(to: CChar.self, capacity: 1) { first in
            second.withMemoryRebound(to: CChar.self, capacity: 1) { strcmp(first, $0) == 0 }
        }
    }

    static func withXMLString<R>(_ string: String?, _ body: (UnsafePointer<xmlChar>?) throws -> R) rethrows -> R {
        guard let string else { return try body(nil) }
        return try string.withCString { cString in
            try cString.withMemoryRebound(to: xmlChar.self, capacity: string.utf8.count + 1) { try body($0) }
        }
    }
}
