import Foundation
import Testing
import XMLCore

/// XMLBase64's encoder against the RFC 4648 §10 vectors and Foundation's encoder.
@Suite struct XMLBase64Tests {
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(input: String, expected: String) {
        #expect(XMLBase64.encode(Array(input.utf8)) == expected)
    }

    @Test func matchesFoundationAndDecodesBack() {
        var state: UInt64 = 0xB64
        for length in 0...600 {
            let bytes = (0..<length).map { _ -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            let encoded = XMLBase64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString(), "length \(length)")
            #expect(XMLBase64.decode(encoded) == bytes, "length \(length)")
        }
    }
}
