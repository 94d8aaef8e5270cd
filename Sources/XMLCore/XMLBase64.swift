import Foundation

/// Base64 as XML carries it (xs:base64Binary): whitespace anywhere is ignored, anything else
/// that is not Base64 makes the value invalid. Works on the UTF-8 bytes, without per-character
/// String comparisons, because every signature, digest, certificate and cipher value goes through it.
public enum XMLBase64 {
    /// The decoded bytes, or nil when the text is not Base64.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { utf8 -> [UInt8]? in
            // XML whitespace removed in one pass over the contiguous UTF-8; Foundation's decoder
            // then decides what is valid Base64, as before.
            let compact = [UInt8](unsafeUninitializedCapacity: utf8.count) { buffer, count in
                var written = 0
                for byte in utf8 where byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 {
                    buffer[written] = byte
                    written += 1
                }
                count = written
            }
            return compact.withUnsafeBytes { raw -> [UInt8]? in
                guard let base = raw.baseAddress else { return Data(base64Encoded: Data()).map { [UInt8]($0) } }
                let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none)
                return Data(base64Encoded: data).map { decoded in
                    [UInt8](unsafeUninitializedCapacity: decoded.count) { buffer, count in
                        count = decoded.copyBytes(to: buffer)
                    }
                }
            }
        }
    }

    /// Base64 without line breaks (RFC 4648 §4, with padding), written straight into the
    /// string's storage (every signature, digest, cipher value and certificate goes through it).
    public static func encode(_ bytes: [UInt8]) -> String {
        let length = (bytes.count + 2) / 3 * 4
        guard length > 0 else { return "" }
        return bytes.withUnsafeBufferPointer { input in
            String(unsafeUninitializedCapacity: length) { output in
                let digits = Self.alphabet.utf8Start
                var inIndex = 0, outIndex = 0
                while inIndex + 3 <= input.count {
                    let group = UInt32(input[inIndex]) << 16 | UInt32(input[inIndex + 1]) << 8 | UInt32(input[inIndex + 2])
                    output[outIndex] = digits[Int(group >> 18)]
                    output[outIndex + 1] = digits[Int(group >> 12 & 0x3F)]
                    output[outIndex + 2] = digits[Int(group >> 6 & 0x3F)]
                    output[outIndex + 3] = digits[Int(group & 0x3F)]
                    inIndex += 3
                    outIndex += 4
                }
                let remaining = input.count - inIndex
                if remaining > 0 {
                    let group = UInt32(input[inIndex]) << 16 | (remaining == 2 ? UInt32(input[inIndex + 1]) << 8 : 0)
                    output[outIndex] = digits[Int(group >> 18)]
                    output[outIndex + 1] = digits[Int(group >> 12 & 0x3F)]
                    output[outIndex + 2] = remaining == 2 ? digits[Int(group >> 6 & 0x3F)] : UInt8(ascii: "=")
                    output[outIndex + 3] = UInt8(ascii: "=")
                }
                return length
            }
        }
    }

    private static let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
}
