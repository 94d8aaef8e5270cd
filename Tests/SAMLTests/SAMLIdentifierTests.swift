import SAML
import Testing

/// Assertion identifiers: the generated form, and which values are NCNames (`xs:ID`).
struct SAMLIdentifierTests {
    @Test func generatedIdentifiersAreAnUnderscoreAnd32LowercaseHexDigits() {
        let identifiers = (0..<64).map { _ in SAMLIdentifier.generate() }
        for identifier in identifiers {
            #expect(identifier.utf8.count == 33)
            #expect(identifier.first == "_")
            #expect(identifier.dropFirst().allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) })
            #expect(SAMLIdentifier.isValid(identifier))
        }
        #expect(Set(identifiers).count == identifiers.count)
    }

    @Test(arguments: ["_a", "a", "Z9", "_0-1.2_x", "id-1", "ident\u{00E9}", "\u{00E9}t\u{00E9}", "a\u{00B7}b", "\u{0416}1"])
    func namesAreValid(_ value: String) {
        #expect(SAMLIdentifier.isValid(value))
    }

    @Test(arguments: ["", "1abc", "-a", ".a", "a b", "a:b", "a/b", "a#b", "9\u{00E9}", "\u{00B7}a", "a\u{2003}"])
    func nonNamesAreRefused(_ value: String) {
        #expect(!SAMLIdentifier.isValid(value))
    }
}
