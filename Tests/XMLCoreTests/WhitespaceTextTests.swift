import Testing
@testable import XMLCore

/// `XMLElement.containsNonWhitespace`'s byte-level fast path against the definition it
/// replaces (`String.contains { !$0.isWhitespace }`) on seeded random strings mixing ASCII
/// whitespace, other ASCII, and non-ASCII whitespace, letters and combining marks.
@Suite struct WhitespaceTextTests {
    static let pieces = [
        " ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "a", ".", "\u{1}", "\u{7F}",
        "\u{A0}", "\u{85}", "\u{2028}", "\u{3000}", "\u{200B}", "\u{301}", "é", "漢", "😀", "\u{FEFF}",
    ]

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

/// `trimmingXMLWhitespace`'s ASCII fast path against its `Character` definition (the same
/// seeded pieces, whole strings and substrings).
@Suite struct XMLWhitespaceTrimmingTests {
    static func trimmedByCharacters(_ text: some StringProtocol) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }

    @Test func matchesTheCharacterDefinition() {
        var state: UInt64 = 0x7E57
        let pieces = WhitespaceTextTests.pieces + [" \u{301}", "x"]
        for _ in 0..<20_000 {
            var text = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 60) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            #expect(text.trimmingXMLWhitespace() == Self.trimmedByCharacters(text), "\(Array(text.unicodeScalars.map(\.value)))")
            let inner = text.dropFirst()
            #expect(inner.trimmingXMLWhitespace() == Self.trimmedByCharacters(inner))
        }
    }

    @Test func asciiExamples() {
        #expect(" \t\r\n urn:a \r\n".trimmingXMLWhitespace() == "urn:a")
        #expect("\r\n\t ".trimmingXMLWhitespace() == "")
        #expect("a b".trimmingXMLWhitespace() == "a b")
        #expect("\u{0B}a\u{0C}".trimmingXMLWhitespace() == "\u{0B}a\u{0C}", "vertical tab and form feed are not XML whitespace")
    }
}
