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
        let hex = hex(bytes)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return "urn:uuid:" + parts.joined(separator: "-")
    }

    /// `prefix-` and 16 random hex digits: a `wsu:Id` no other part of a message will carry.
    static func id(_ prefix: String) -> String {
        prefix + "-" + hex(SecureRandom.bytes(8))
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
