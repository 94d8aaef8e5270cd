import Foundation

/// Base64 as XML Signature and Encryption carry it: whitespace anywhere is ignored, anything
/// else that is not Base64 is an error.
enum Base64 {
    static func decode(_ text: String, what: String) throws -> [UInt8] {
        var compact = text
        compact.removeAll { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" }
        guard let data = Data(base64Encoded: compact) else {
            throw XMLSecurityError(.malformed, "\(what) is not valid Base64")
        }
        return [UInt8](data)
    }

    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
