import Testing

@testable import XMLCore

/// ``CanonicalXMLWriter/appendEscaped(_:attribute:to:)`` tests eight bytes at a time whether any
/// needs a closer look: on random strings, with every byte the rules treat specially at every
/// offset of a word, its output and its refusals must be those of escaping one byte at a time
/// (C14N 1.0 §2.3; XML 1.0 §2.2 for what is refused).
@Suite struct CanonicalEscapingTests {
    /// Pieces a string is made of: plain runs longer and shorter than a word, each special byte,
    /// controls, U+FFFE/U+FFFF and their neighbours, other multi-byte characters.
    static let pieces = [
        "a", "abcdefg", "0123456789ABCDEF", " ", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{1}", "\u{0}", "\u{1F}",
        "\u{7F}", "é", "漢", "😀", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{FEFF}", "\u{EFFF}", "=", "#", "+/",
    ]

    /// Escaping one byte at a time, as the rules state it; nil when a character is refused.
    static func reference(_ string: String, attribute: Bool) -> [UInt8]? {
        var output: [UInt8] = []
        for scalar in string.unicodeScalars {
            switch scalar.value {
            case 0x26: output += Array("&amp;".utf8)
            case 0x3C: output += Array("&lt;".utf8)
            case 0x3E where !attribute: output += Array("&gt;".utf8)
            case 0x22 where attribute: output += Array("&quot;".utf8)
            case 0x09 where attribute: output += Array("&#x9;".utf8)
            case 0x0A where attribute: output += Array("&#xA;".utf8)
            case 0x0D: output += Array("&#xD;".utf8)
            case 0x09, 0x0A: output.append(UInt8(scalar.value))
            case 0..<0x20, 0xFFFE, 0xFFFF: return nil
            default: output += Array(String(scalar).utf8)
            }
        }
        return output
    }

    @Test func wordAtATimeEscapingMatchesTheRules() {
        var random = RandomDocumentGenerator(seed: 0xE5_CA_9E)
        for _ in 0..<20_000 {
            let string = (0..<random.int(12)).map { _ in random.pick(Self.pieces) }.joined()
            for attribute in [false, true] {
                var buffer = ByteBuffer(capacity: 16)
                let accepted = CanonicalXMLWriter.appendEscaped(string, attribute: attribute, to: &buffer)
                let expected = Self.reference(string, attribute: attribute)
                #expect(accepted == (expected != nil), "\(Array(string.utf8))")
                if accepted { #expect(buffer.bytes == expected, "\(Array(string.utf8))") }
                #expect(CanonicalXMLWriter.isAllowed(string) == (expected != nil), "\(Array(string.utf8))")
            }
        }
    }

    /// An attribute value is checked and escaped once, when added: a refused one leaves nothing
    /// behind, and the values around it are written as they were given.
    @Test func attributeValuesAroundARefusedOneAreWrittenAsGiven() throws {
        let namespace = CanonicalXMLWriter.Namespace(prefix: "p", uri: "urn:p")
        var writer = CanonicalXMLWriter()
        writer.startElement("e", namespace)
        try writer.attribute("z", "last \"&<>\t\n\r")
        expectXMLError(.invalidStructure) { try writer.attribute("m", "0123456789\u{1}") }
        try writer.attribute("a", "first")
        writer.endElement()
        #expect(writer.bytes.utf8String == "<p:e xmlns:p=\"urn:p\" a=\"first\" z=\"last &quot;&amp;&lt;>&#x9;&#xA;&#xD;\"></p:e>")
    }
}

/// ``CanonicalXMLWriter/text(base64Of:)`` writes what ``CanonicalXMLWriter/text(_:)`` writes for
/// the Base64 text, for every length modulo three.
@Suite struct CanonicalBase64TextTests {
    @Test func base64TextIsTheTextOfItsEncoding() throws {
        let namespace = CanonicalXMLWriter.Namespace(prefix: "ds", uri: "urn:ds")
        var random = RandomDocumentGenerator(seed: 0xBA_5E_64)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var direct = CanonicalXMLWriter(capacity: 16)
            direct.element("DigestValue", namespace, base64Of: bytes)
            var viaText = CanonicalXMLWriter(capacity: 16)
            try viaText.element("DigestValue", namespace, text: XMLBase64.encode(bytes))
            #expect(direct.bytes == viaText.bytes)
            #expect(direct.maxTextBytes == viaText.maxTextBytes)
        }
    }
}
