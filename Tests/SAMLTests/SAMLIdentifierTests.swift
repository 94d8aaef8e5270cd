import Foundation
import SAML
import Testing

/// Assertion identifiers: the generated form, and which values are NCNames (`xs:ID`).
struct SAMLIdentifierTests {
    @Test func generatedIdentifiersAreAnUnderscoreAnd44LowercaseHexDigits() {
        let identifiers = (0..<64).map { _ in SAMLIdentifier.generate() }
        for identifier in identifiers {
            #expect(identifier.utf8.count == 45)
            #expect(identifier.first == "_")
            #expect(identifier.dropFirst().allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) })
            #expect(SAMLIdentifier.isValid(identifier))
        }
        #expect(Set(identifiers).count == identifiers.count)
    }

    /// The first 12 digits are the time in milliseconds, so identifiers sort in the order they
    /// were made; the 32 after it are random, and differ between identifiers of one millisecond.
    @Test func identifiersSortByTimeAndCarry128RandomBits() {
        let instant = Date(timeIntervalSince1970: 1_800_000_000.5)
        let first = SAMLIdentifier.generate(at: instant)
        #expect(first.dropFirst().prefix(12) == "01a3185c51f4")
        let sameMillisecond = (0..<32).map { _ in SAMLIdentifier.generate(at: instant) }
        #expect(sameMillisecond.allSatisfy { $0.dropFirst().prefix(12) == "01a3185c51f4" })
        #expect(Set(sameMillisecond.map { $0.suffix(32) }).count == sameMillisecond.count)
        let later = (1...1000).map { SAMLIdentifier.generate(at: Date(timeIntervalSince1970: Double(1_800_000_000_500 + $0) / 1000)) }
        #expect(zip([first] + later, later).allSatisfy { $0 < $1 })
        #expect(SAMLIdentifier.generate(at: Date(timeIntervalSince1970: -5)).dropFirst().prefix(12) == "000000000000")
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
