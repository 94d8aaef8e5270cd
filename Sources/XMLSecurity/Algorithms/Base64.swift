import XMLCore

/// Base64 values of XML Signature and Encryption, with a typed error naming the field.
enum Base64 {
    static func decode(_ text: String, what: String) throws -> [UInt8] {
        guard let bytes = XMLBase64.decode(text) else {
            throw XMLSecurityError(.malformed, "\(what) is not valid Base64")
        }
        return bytes
    }

    /// ``decode(_:what:)`` of an element's text, read in place when it is one text node.
    static func decode(textOf element: XMLElement, what: String) throws -> [UInt8] {
        guard let bytes = XMLBase64.decode(textOf: element) else {
            throw XMLSecurityError(.malformed, "\(what) is not valid Base64")
        }
        return bytes
    }

    static func encode(_ bytes: [UInt8]) -> String {
        XMLBase64.encode(bytes)
    }
}
