import Testing
import TesseraLoadKit

@Suite struct RecordSplitterTests {
    static let stream: [UInt8] = Array("<a>one</a>\u{1E}<b>two, longer</b>\u{1E}<c/>\u{1E}".utf8)
    static let expected: [[UInt8]] = ["<a>one</a>", "<b>two, longer</b>", "<c/>"].map { Array($0.utf8) }

    @Test func sameRecordsWhereverTheStreamIsCut() {
        for cut in 0...Self.stream.count {
            var splitter = RecordSplitter(separator: 0x1E)
            let records = splitter.append(Self.stream[..<cut]) + splitter.append(Self.stream[cut...])
            #expect(records == Self.expected, "cut at \(cut)")
            #expect(splitter.pending.isEmpty)
        }
    }

    @Test func oneByteAtATime() {
        var splitter = RecordSplitter(separator: 0x1E)
        let records = Self.stream.flatMap { splitter.append([$0]) }
        #expect(records == Self.expected)
    }

    @Test func emptyRecordsAreSkippedAndAnUnendedOneIsKept() {
        var splitter = RecordSplitter(separator: 0x1E)
        #expect(splitter.append(Array("\u{1E}\u{1E}x\u{1E}\u{1E}tail".utf8)) == [Array("x".utf8)])
        #expect(splitter.pending == Array("tail".utf8))
    }
}
