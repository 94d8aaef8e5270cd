/// An HTTP header value read as bytes when it is all ASCII. There every character is one
/// byte, apart from CR LF, which splitting on `;` or `=` and trimming XML whitespace treat the
/// same either way, so byte operations give what character operations give, without breaking
/// the value into grapheme clusters. Values with other characters are left to the callers'
/// character-based reading.
enum ASCIIHeaderValue {
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// `body` over the UTF-8 bytes of `value` when they are all ASCII; nil otherwise, and
    /// when `body` answers nil (`.some(nil)` is its way of answering "none").
    static func read<Result>(_ value: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result??) -> Result? {
        var value = value
        return value.withUTF8 { bytes in isASCII(bytes) ? body(bytes) ?? nil : nil }
    }

    /// Whether every byte is below 0x80: the bits of all of them or-ed together, in one pass
    /// over contiguous bytes (a `String.UTF8View` walked byte by byte costs ten times as much).
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var bits: UInt8 = 0
        for byte in bytes { bits |= byte }
        return bits < 0x80
    }

    /// `bytes` without leading and trailing XML whitespace (space, tab, LF, CR).
    static func trimmed(_ bytes: Bytes) -> Bytes {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    /// Whether `bytes` spell `lowercase` (ASCII, lower case) in any case.
    static func equalsIgnoringCase(_ bytes: Bytes, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { byte, wanted in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 == wanted : byte == wanted
        }
    }

    /// A quoted-string's content with its backslash escapes undone (RFC 9110 §5.6.4); the
    /// bytes as they are when they are not in quotes.
    static func unquoted(_ bytes: Bytes) -> String {
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count - 2)
        var escaping = false
        for byte in bytes.dropFirst().dropLast() {
            if !escaping, byte == UInt8(ascii: "\\") {
                escaping = true
                continue
            }
            escaping = false
            result.append(byte)
        }
        return String(decoding: result, as: UTF8.self)
    }
}
