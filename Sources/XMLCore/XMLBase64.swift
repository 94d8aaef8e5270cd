import Foundation

/// Base64 as XML carries it (xs:base64Binary): whitespace anywhere is ignored, anything else
/// that is not Base64 makes the value invalid. Works on the UTF-8 bytes, without per-character
/// String comparisons, because every signature, digest, certificate and cipher value goes through it.
public enum XMLBase64 {
    /// The decoded bytes, or nil when the text is not Base64.
    ///
    /// Canonical Base64 (RFC 4648 §4 with whitespace between characters: whole groups of four,
    /// padding only at the end, zero bits left over by it), which is what peers send, is decoded
    /// in one pass here; anything else goes to Foundation's decoder, which decides about its
    /// quirks (`====`, data after padding, non-zero leftover bits). Both give the same bytes for
    /// canonical text, so the two paths accept exactly what Foundation accepts.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8(decode(utf8:))
    }

    /// ``decode(_:)`` of the UTF-8 bytes of a text.
    static func decode(utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if let canonical = decodeCanonical(utf8) { return canonical }
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

    /// The element's text decoded as ``decode(_:)`` decodes it; a text of one text node, the usual
    /// shape of a Base64 value, is read where it lies rather than copied into a string first.
    public static func decode(textOf element: XMLElement) -> [UInt8]? {
        element.withSingleTextContent { decode(utf8: $0) } ?? decode(element.text)
    }

    /// `utf8` decoded when it is canonical Base64 with XML whitespace anywhere; nil otherwise
    /// (invalid, or valid only by Foundation's more lenient reading).
    private static func decodeCanonical(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        // At most 3 bytes per 4 characters; whitespace only makes the result shorter.
        let capacity = utf8.count / 4 * 3 + 3
        var valid = true
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
            let written = decodingTable.withUnsafeBufferPointer { table in
                groupTable.withUnsafeBufferPointer { decodeCanonical(utf8, into: output, table: table, groupTable: $0) }
            }
            valid = written != nil
            count = written ?? 0
        }
        return valid ? bytes : nil
    }

    /// Decodes canonical `utf8` into `output` (large enough) and returns the number of bytes
    /// written, or nil when the text is not canonical Base64.
    private static func decodeCanonical(
        _ utf8: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt8>,
        groupTable: UnsafeBufferPointer<UInt32>
    ) -> Int? {
        guard let input = utf8.baseAddress, let destination = output.baseAddress, let groups = groupTable.baseAddress else {
            return utf8.isEmpty ? 0 : nil
        }
        var group: UInt32 = 0, inGroup = 0, written = 0, padding = 0
        var index = 0
        while index < utf8.count {
            // Runs of four Base64 digits at a group boundary (the bulk of any value) make three
            // bytes each; anything else goes through the character-by-character reading below.
            if inGroup == 0, padding == 0 {
                let decoded = decodeGroups(input + index, count: utf8.count - index, into: destination + written, table: groups)
                index += decoded * 4
                written += decoded * 3
                guard index < utf8.count else { break }
            }
            let value = table[Int(utf8[index])]
            index += 1
            if value < 64 {
                guard padding == 0 else { return nil }  // data after padding
                group = group << 6 | UInt32(value)
                inGroup += 1
            } else if value == whitespace {
                continue
            } else if value == pad {
                // Padding completes the last group, which must hold at least two characters.
                guard inGroup >= 2 else { return nil }
                padding += 1
                group <<= 6
                inGroup += 1
            } else {
                return nil
            }
            if inGroup == 4 {
                output[written] = UInt8(truncatingIfNeeded: group >> 16)
                output[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                output[written + 2] = UInt8(truncatingIfNeeded: group)
                // One '=' leaves 8 bits to drop (2 of them data), two leave 16 (4 of them data).
                if padding > 0 {
                    guard padding <= 2, group & (padding == 1 ? 0xFF : 0xFFFF) == 0 else { return nil }
                    written += 3 - padding
                    padding = 3  // anything after the last group is refused
                } else {
                    written += 3
                }
                group = 0
                inGroup = 0
            }
        }
        return inGroup == 0 ? written : nil
    }

    /// Decodes whole groups of four Base64 digits from `input` until fewer than four are left or
    /// a group holds anything else (whitespace, padding, an invalid byte); returns the number of
    /// groups decoded, each written as three bytes. `table` is ``groupTable``.
    @inline(__always)
    private static func decodeGroups(
        _ input: UnsafePointer<UInt8>, count: Int, into output: UnsafeMutablePointer<UInt8>, table: UnsafePointer<UInt32>
    ) -> Int {
        var groups = 0
        var source = input, destination = output
        let end = input + (count & ~3)
        while source < end {
            // A digit's value is at its place in the 24-bit group; anything else sets bit 31.
            let bits =
                table[Int(source[0])] | table[256 &+ Int(source[1])] | table[512 &+ Int(source[2])] | table[768 &+ Int(source[3])]
            guard bits & 0x8000_0000 == 0 else { break }
            destination[0] = UInt8(truncatingIfNeeded: bits &>> 16)
            destination[1] = UInt8(truncatingIfNeeded: bits &>> 8)
            destination[2] = UInt8(truncatingIfNeeded: bits)
            source += 4
            destination += 3
            groups &+= 1
        }
        return groups
    }

    /// For each of the four places in a group (256 entries each), a byte's 6-bit value shifted
    /// to where it goes in the group's 24 bits, or bit 31 set when the byte is not a digit.
    private static let groupTable: [UInt32] = {
        var table = [UInt32](repeating: 0x8000_0000, count: 1024)
        for byte in 0..<256 where decodingTable[byte] < 64 {
            let value = UInt32(decodingTable[byte])
            for place in 0..<4 {
                table[place * 256 + byte] = value << (18 - 6 * UInt32(place))
            }
        }
        return table
    }()

    private static let whitespace: UInt8 = 0xFE
    private static let pad: UInt8 = 0xFD

    /// Each byte's 6-bit value, ``whitespace`` for XML whitespace, ``pad`` for '=', 0xFF otherwise.
    private static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, digit) in UnsafeBufferPointer(start: alphabet.utf8Start, count: 64).enumerated() {
            table[Int(digit)] = UInt8(value)
        }
        for space in [0x20, 0x09, 0x0A, 0x0D] { table[space] = whitespace }
        table[Int(UInt8(ascii: "="))] = pad
        return table
    }()

    /// Base64 without line breaks (RFC 4648 §4, with padding), written straight into the
    /// string's storage (every signature, digest, cipher value and certificate goes through it).
    public static func encode(_ bytes: [UInt8]) -> String {
        let length = encodedLength(bytes.count)
        guard length > 0 else { return "" }
        return bytes.withUnsafeBufferPointer { input in
            String(unsafeUninitializedCapacity: length) { output in
                encode(input, into: output.baseAddress!)
                return length
            }
        }
    }

    /// How many digits ``encode(_:)`` writes for `count` bytes.
    static func encodedLength(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Writes the Base64 of `input`, ``encodedLength(_:)`` digits, at `output`.
    static func encode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) {
        let digits = Self.alphabet.utf8Start
        var inIndex = 0, outIndex = 0
        digitPairs.withUnsafeBufferPointer { pairs in
            let destination = UnsafeMutableRawPointer(output)
            while inIndex + 3 <= input.count {
                let group = Int(input[inIndex]) << 16 | Int(input[inIndex + 1]) << 8 | Int(input[inIndex + 2])
                // Two digits per 12 bits, stored as they lie in memory.
                destination.storeBytes(of: pairs[group >> 12], toByteOffset: outIndex, as: UInt16.self)
                destination.storeBytes(of: pairs[group & 0xFFF], toByteOffset: outIndex + 2, as: UInt16.self)
                inIndex += 3
                outIndex += 4
            }
        }
        let remaining = input.count - inIndex
        if remaining > 0 {
            let group = UInt32(input[inIndex]) << 16 | (remaining == 2 ? UInt32(input[inIndex + 1]) << 8 : 0)
            output[outIndex] = digits[Int(group >> 18)]
            output[outIndex + 1] = digits[Int(group >> 12 & 0x3F)]
            output[outIndex + 2] = remaining == 2 ? digits[Int(group >> 6 & 0x3F)] : UInt8(ascii: "=")
            output[outIndex + 3] = UInt8(ascii: "=")
        }
    }

    /// For each 12-bit value, its two Base64 digits as one `UInt16` whose bytes in memory are the
    /// digits in order.
    private static let digitPairs: [UInt16] = {
        let digits = UnsafeBufferPointer(start: alphabet.utf8Start, count: 64)
        return (0..<4096).map { value in
            UInt16(littleEndian: UInt16(digits[value >> 6]) | UInt16(digits[value & 0x3F]) << 8)
        }
    }()

    private static let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
}
