import Testing

@testable import XMLCore

/// The character sets ``ExclusiveCanonicalWriter/isPlainAbsoluteURI(_:)`` looks up in a table
/// are the ones its description names, for every byte.
@Suite struct URICharacterClassesTests {
    static func named(_ byte: UInt8, _ others: String) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || others.utf8.contains(byte)
    }

    @Test func tableHoldsExactlyTheNamedCharacters() {
        let classes = ExclusiveCanonicalWriter.uriCharacterClasses
        #expect(classes.count == 256)
        for value in 0...255 {
            let byte = UInt8(value)
            #expect((classes[value] & ExclusiveCanonicalWriter.urnCharacter != 0) == Self.named(byte, ":._-"), "\(byte)")
            #expect((classes[value] & ExclusiveCanonicalWriter.hostCharacter != 0) == Self.named(byte, ".-"), "\(byte)")
            #expect((classes[value] & ExclusiveCanonicalWriter.pathCharacter != 0) == Self.named(byte, "/._-"), "\(byte)")
        }
    }
}
