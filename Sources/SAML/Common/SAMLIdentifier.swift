public import Foundation
import TesseraCrypto

/// Assertion identifiers: `xs:ID` values (SAML 2.0 core §1.3.4, SAML 1.1 core §1.3.4), which
/// must be NCNames and unique with negligible collision probability.
public enum SAMLIdentifier {
    /// A fresh identifier: `_`, the time as 12 hexadecimal digits (milliseconds since 1970),
    /// then 32 hexadecimal digits (128 random bits). The underscore makes it an NCName whatever
    /// the digits; the random bits make two identifiers collide with probability below 2^-128,
    /// as SAML 2.0 core §1.3.4 requires. The time first makes identifiers generated later sort
    /// after earlier ones, so a store keyed by them (the STS's issued tokens) appends at the end
    /// of its index instead of writing into a random page of it; it says nothing the token does
    /// not (`IssueInstant`, `iat`).
    public static func generate(at time: Date = Date()) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "_")]
        text.reserveCapacity(45)
        let milliseconds = UInt64(max(0, min((time.timeIntervalSince1970 * 1000).rounded(), Double(Self.timeDigitsLimit))))
        for shift in stride(from: 44, through: 0, by: -4) {
            text.append(digits[Int((milliseconds >> UInt64(shift)) & 0x0F)])
        }
        for byte in SecureRandom.bytes(16) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The largest time 12 hexadecimal digits hold, in milliseconds (the year 10889).
    private static let timeDigitsLimit: UInt64 = 0xFFFF_FFFF_FFFF

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
