import Foundation
import Testing
import XMLCore

/// XMLBase64's decoder accepts exactly what Foundation's `Data(base64Encoded:)` accepts once XML
/// whitespace is removed, and decodes it to the same bytes: valid values, its quirks (`====`,
/// data after padding, non-zero bits left over by padding), and invalid ones.
@Suite struct XMLBase64DecodingTests {
    /// What Foundation makes of `text` with XML whitespace removed.
    private func foundation(_ text: String) -> [UInt8]? {
        let compact = text.utf8.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        return Data(base64Encoded: Data(compact)).map { [UInt8]($0) }
    }

    @Test(arguments: [
        "", "QQ==", "QR==", "QUI=", "QUJ=", "QUJD", "Q===", "====", "QQ=", "QQ", "Q", "QQ==QQ==", "QUJD=", "QQ=A", "A===",
        "AA==", "AAA=", "=QQQ", "QQ===", "QU JD", "QUJD\nQUJD", " Q Q = = ", "\tQUJD\r\n", "Q\u{e9}==", "QUJ\u{0}", "QUJ-",
        "QUJ_", "//==", "++//", "QUJDQQ=\u{3d}", "QUJD====", "QUJDRA=", "ab=c", "a=bc", "abcd\u{a0}",
    ])
    func agreesWithFoundation(text: String) {
        #expect(XMLBase64.decode(text) == foundation(text), "\(text.debugDescription)")
    }

    /// Canonical values with line breaks, as peers wrap cipher values and certificates, decode
    /// to the bytes Foundation encoded.
    @Test func decodesWrappedCanonicalValues() {
        var state: UInt64 = 0xB64_0C0DE
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            let wrapped = Data(bytes).base64EncodedString(options: [.lineLength64Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            #expect(XMLBase64.decode(wrapped) == bytes, "\(length) bytes")
            #expect(XMLBase64.decode("  " + wrapped.replacingOccurrences(of: "\r\n", with: "\n\t")) == bytes, "\(length) bytes")
        }
    }

    @Test func agreesWithFoundationOnRandomText() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \n-_*".utf8)
        var state: UInt64 = 0x5EED_B64
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33) % bound
        }
        for _ in 0..<5000 {
            let length = next(14)
            // Mostly alphabet characters, so that many candidates are valid or almost valid.
            let text = String(decoding: (0..<length).map { _ in alphabet[next(10) < 8 ? next(64) : next(alphabet.count)] }, as: UTF8.self)
            #expect(XMLBase64.decode(text) == foundation(text), "\(text.debugDescription)")
        }
    }
}

/// Long values, decoded four digits at a time until a group holds anything else: a space, a
/// line break, padding or an invalid byte at any place of a long value gives what Foundation
/// gives.
@Suite struct XMLBase64LongValueTests {
    @Test(arguments: [" ", "\n", "=", "-", "\u{0}", "*", "A"])
    func oneByteAtAnyPlaceOfALongValue(replacement: String) {
        let bytes = (0..<96).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let encoded = Array(Data(bytes).base64EncodedString().utf8)
        for place in 0..<encoded.count {
            var replaced = encoded
            replaced[place] = Array(replacement.utf8)[0]
            let text = String(decoding: replaced, as: UTF8.self)
            let compact = replaced.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
            let expected = Data(base64Encoded: Data(compact)).map { [UInt8]($0) }
            #expect(XMLBase64.decode(text) == expected, "\(replacement.debugDescription) at \(place)")
            var inserted = encoded
            inserted.insert(Array(replacement.utf8)[0], at: place)
            let insertedCompact = inserted.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
            #expect(
                XMLBase64.decode(String(decoding: inserted, as: UTF8.self)) == Data(base64Encoded: Data(insertedCompact)).map { [UInt8]($0) },
                "\(replacement.debugDescription) inserted at \(place)")
        }
        #expect(XMLBase64.decode(String(decoding: encoded, as: UTF8.self)) == bytes)
    }
}

/// An element's Base64 text decodes the same read in place as through a string.
@Suite struct XMLBase64ElementTextTests {
    @Test(arguments: [
        "<v>QUJD</v>", "<v> QU\nJD </v>", "<v>QUJD<!-- split -->REVG</v>", "<v><![CDATA[QUJD]]></v>", "<v>QUJ=</v>", "<v>Q!JD</v>", "<v/>",
        "<v>QUJ<i/>D</v>",
    ])
    func inPlaceIsTheStringsDecoding(_ text: String) throws {
        let element = try XMLDocument(text).root
        #expect(XMLBase64.decode(textOf: element) == XMLBase64.decode(element.text))
    }
}
