import TesseraCrypto

/// Random identifiers for tokens, messages and `wsu:Id`s, drawn from the CSPRNG that makes the
/// keys (Foundation's `UUID()` opens `/dev/urandom` on every call on Linux, a cost each message
/// would pay a dozen times).
enum RandomIdentifier {
    /// A random (version 4) UUID as `urn:uuid:…`, lowercase.
    static func uuidURN() -> String {
        var bytes = SecureRandom.bytes(16)
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        let prefix: StaticString = "urn:uuid:"
        return String(unsafeUninitializedCapacity: prefix.utf8CodeUnitCount + 36) { text in
            var position = 0
            for index in 0..<prefix.utf8CodeUnitCount {
                text[position] = prefix.utf8Start[index]
                position += 1
            }
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                writeHex(byte, into: text, at: position)
                position += 2
            }
            return position
        }
    }

    /// `prefix-` and 16 random hex digits: a `wsu:Id` no other part of a message will carry.
    static func id(_ prefix: String) -> String {
        let bytes = SecureRandom.bytes(8)
        var prefix = prefix
        // Written in one string, without joining three.
        return prefix.withUTF8 { prefix in
            String(unsafeUninitializedCapacity: prefix.count + 17) { text in
                var position = 0
                for byte in prefix {
                    text[position] = byte
                    position += 1
                }
                text[position] = UInt8(ascii: "-")
                position += 1
                for byte in bytes {
                    writeHex(byte, into: text, at: position)
                    position += 2
                }
                return position
            }
        }
    }

    /// Writes `byte` as two lowercase hex digits at `position`.
    private static func writeHex(_ byte: UInt8, into text: UnsafeMutableBufferPointer<UInt8>, at position: Int) {
        let digits: StaticString = "0123456789abcdef"
        text[position] = digits.utf8Start[Int(byte >> 4)]
        text[position + 1] = digits.utf8Start[Int(byte & 0x0F)]
    }
}
