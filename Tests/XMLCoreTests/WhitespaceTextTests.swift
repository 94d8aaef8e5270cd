import Testing
@testable import XMLCore

/// `XMLElement.containsNonWhitespace`'s byte-level fast path against the definition it
/// replaces (`String.contains { !$0.isWhitespace }`) on seeded random strings mixing ASCII
/// whitespace, other ASCII, and non-ASCII whitespace, letters and combining marks.
@Suite struct WhitespaceTextTests {
    static let pieces = [" ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "a", ".", "\u{1}", "\u{7F}",
                         "\u{A0}", "\u{85}", "\u{2028}", "\u{3000}", "\u{200B}", "\u{301}", "é", "漢", "😀", "\u{FEFF}"]

    @Test func matchesCharacterIsWhitespace() {
        var state: UInt64 = 0x5EED
        for _ in 0..<20_000 {
            var text = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 61) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += Self.pieces[Int(state >> 33) % Self.pieces.count]
            }
            let expected = text.contains { !$0.isWhitespace }
            let actual = text.withCString { $0.withMemoryRebound(to: UInt8.self, capacity: 1) { XMLElement.containsNonWhitespace($0) } }
            #expect(actual == expected, "\(Array(text.unicodeScalars.map(\.value)))")
            if actual != expected { return }
        }
    }

    @Test func indentationIsWhitespaceAndAnyLetterIsNot() throws {
        let document = try XMLDocument("<r>\n\t <a/>\r\n  <!--c-->\u{A0}<b/> </r>")
        #expect(!document.root.hasNonWhitespaceText)
        let withText = try XMLDocument("<r>\n  <a/> x </r>")
        #expect(withText.root.hasNonWhitespaceText)
    }
}
