import Foundation
import TesseraTestSupport
import XMLCore

/// Locates the W3C interop vectors in `../shared/vectors` (or `TESSERA_VECTORS`).
enum TestVectors {
    static let root = TesseraTestEnvironment.vectors

    static var available: Bool { root != nil }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        guard let root else { throw CocoaError(.fileNoSuchFile) }
        return [UInt8](try Data(contentsOf: root.appendingPathComponent("w3c-interop").appendingPathComponent(relativePath)))
    }

    /// Parses a vector. The old W3C files declare their ID attributes in an internal DTD subset;
    /// Tessera refuses every DOCTYPE and recognises those ID attributes by name, so the
    /// declaration is cut out before parsing.
    static func document(_ relativePath: String) throws -> XMLDocument {
        try XMLDocument(parsing: withoutDoctype(try bytes(relativePath)))
    }

    static func withoutDoctype(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start = text.range(of: "<!DOCTYPE") else { return bytes }
        let rest = text[start.upperBound...]
        let end: String.Index
        if let bracket = rest.firstIndex(of: "["), let close = rest.firstIndex(of: ">"), bracket < close,
            let subsetEnd = rest.range(of: "]>")
        {
            end = subsetEnd.upperBound
        } else if let close = rest.firstIndex(of: ">") {
            end = rest.index(after: close)
        } else {
            return bytes
        }
        return Array((String(text[..<start.lowerBound]) + String(text[end...])).utf8)
    }
}
