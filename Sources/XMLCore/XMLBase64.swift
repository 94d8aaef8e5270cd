import Foundation

/// Base64 as XML carries it (xs:base64Binary): whitespace anywhere is ignored, anything else
/// that is not Base64 makes the value invalid. Works on the UTF-8 bytes, without per-character
/// String comparisons, because every signature, digest, certificate and cipher value goes through it.
public enum XMLBase64 {
    /// The decoded bytes, or nil when the text is not Base64.
    public static func decode(_ text: String) -> [UInt8]? {
        var compact = [UInt8]()
        compact.reserveCapacity(text.utf8.count)
        for byte in text.utf8 where byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 {
            compact.append(byte)
        }
        return Data(base64Encoded: Data(compact)).map { [UInt8]($0) }
    }

    /// Base64 without line breaks.
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
