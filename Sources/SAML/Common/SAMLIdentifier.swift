import TesseraCrypto

/// Assertion identifiers: `xs:ID` values (SAML 2.0 core §1.3.4, SAML 1.1 core §1.3.4), which
/// must be NCNames and unique with negligible collision probability.
public enum SAMLIdentifier {
    /// A fresh identifier: `_` followed by 32 hexadecimal digits (128 random bits). The
    /// underscore makes it an NCName whatever the digits.
    public static func generate() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "_")]
        text.reserveCapacity(33)
        for byte in SecureRandom.bytes(16) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `value` is an NCName (XML Namespaces 1.0 §3), so it can be an `xs:ID`. Only ASCII
    /// name characters are accepted besides letters and digits of any script.
    public static func isValid(_ value: String) -> Bool {
        if let ascii = asciiVerdict(value.utf8) { return ascii }
        guard let first = value.unicodeScalars.first, isNameStart(first) else { return false }
        return value.unicodeScalars.allSatisfy { isNameStart($0) || isNameCharacter($0) }
    }

    /// The verdict for an all-ASCII value (every identifier Tessera generates, and most peers'),
    /// read byte by byte without Unicode property lookups; nil when a byte is not ASCII.
    private static func asciiVerdict(_ bytes: String.UTF8View) -> Bool? {
        guard let first = bytes.first else { return false }
        var valid = first == UInt8(ascii: "_") || isASCIILetter(first)
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            if !(isASCIILetter(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")) {
                valid = false
            }
        }
        return valid
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "." || scalar.properties.generalCategory == .decimalNumber || scalar.properties.isAlphabetic
            || scalar == "\u{B7}"
    }
}
