import Foundation
import Testing
import TesseraLoadKit

@Suite struct RequestPoolReaderTests {
    private func poolFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pool-\(UUID().uuidString).txt").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [1, 7, 4096, 1 << 20])
    func readsEveryRecordOnceInOrder(chunkSize: Int) throws {
        let records = (0..<500).map { index in Array("<r n=\"\(index)\">\(String(repeating: "x", count: index % 37))</r>".utf8) }
        let path = try poolFile(records.flatMap { $0 + [0x1E] })
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try RequestPoolReader(path: path, chunkSize: chunkSize)
        var read: [[UInt8]] = []
        while let record = try reader.next() { read.append(record) }
        #expect(read == records)
        #expect(reader.delivered == 500)
        #expect(try reader.next() == nil)
    }

    @Test func aTruncatedLastRecordIsNotSent() throws {
        let path = try poolFile(Array("<a/>\u{1E}<b>trunc".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try RequestPoolReader(path: path, chunkSize: 3)
        #expect(try reader.next() == Array("<a/>".utf8))
        #expect(try reader.next() == nil)
    }

    @Test(arguments: [1, 5, 4096])
    func cyclingStartsAgainAfterTheLastRecord(chunkSize: Int) throws {
        let path = try poolFile(Array("<a/>\u{1E}<b/>\u{1E}<c/>\u{1E}".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try RequestPoolReader(path: path, chunkSize: chunkSize, cycle: true)
        var read: [String] = []
        for _ in 0..<7 { read.append(String(decoding: try #require(try reader.next()), as: UTF8.self)) }
        #expect(read == ["<a/>", "<b/>", "<c/>", "<a/>", "<b/>", "<c/>", "<a/>"])
        #expect(reader.delivered == 7)
    }

    @Test func cyclingAFileWithoutACompleteRecordEnds() throws {
        let path = try poolFile(Array("<a>no separator".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try RequestPoolReader(path: path, chunkSize: 4, cycle: true)
        #expect(try reader.next() == nil)
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: (any Error).self) { try RequestPoolReader(path: "/nonexistent/pool.txt") }
    }
}
