import TesseraCrypto

/// Assertion identifiers: `xs:ID` values (SAML 2.0 core §1.3.4, SAML 1.1 core §1.3.4), which
/// must be NCNames and unique with negligible collision probability.
public enum SAMLIdentifier {
    /// A fresh identifier: `_` followed by 32 hexadecimal digits (128 random bits). The
    /// underscore makes it an NCName whatever the digits.
    public static func generate() -> String {
        "_" + SecureRandom.bytes(16).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
    }

    /// Whether `value` is an NCName (XML Namespaces 1.0 §3), so it can be an `xs:ID`. Only ASCII
    /// name characters are accepted besides letters and digits of any script.
    public static func isValid(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, isNameStart(first) else { return false }
        return value.unicodeScalars.allSatisfy { isNameStart($0) || isNameCharacter($0) }
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "." || scalar.properties.generalCategory == .decimalNumber || scalar.properties.isAlphabetic
            || scalar == "\u{B7}"
    }
}
