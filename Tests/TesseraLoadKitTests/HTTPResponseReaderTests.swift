import Testing
import TesseraLoadKit

@Suite struct HTTPResponseReaderTests {
    static func response(_ status: String, headers: [String], body: String) -> [UInt8] {
        Array(("HTTP/1.1 \(status)\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n" + body).utf8)
    }

    @Test func responsesSplitAnywhereAreReadInOrder() throws {
        let stream =
            Self.response("200 OK", headers: ["Content-Type: text/xml", "Content-Length: 5"], body: "hello")
            + Self.response("500 Internal Server Error", headers: ["content-length:3"], body: "bad")
            + Self.response("200 OK", headers: ["CONTENT-LENGTH:  0 "], body: "")
        for cut in [1, 2, 7, 13, stream.count] {
            var reader = HTTPResponseReader()
            var responses: [HTTPResponseReader.Response] = []
            var offset = 0
            while offset < stream.count {
                reader.append(stream[offset..<min(offset + cut, stream.count)])
                offset += cut
                while let response = try reader.next() { responses.append(response) }
            }
            #expect(
                responses == [
                    .init(status: 200, body: Array("hello".utf8)),
                    .init(status: 500, body: Array("bad".utf8)),
                    .init(status: 200, body: []),
                ], "chunks of \(cut) bytes")
        }
    }

    @Test func anIncompleteBodyWaits() throws {
        var reader = HTTPResponseReader()
        reader.append(Self.response("200 OK", headers: ["Content-Length: 10"], body: "12345"))
        #expect(try reader.next() == nil)
        reader.append(Array("67890".utf8))
        #expect(try reader.next() == .init(status: 200, body: Array("1234567890".utf8)))
        #expect(try reader.next() == nil)
    }

    @Test func chunkedOrUnframedResponsesAreRefused() {
        var chunked = HTTPResponseReader()
        chunked.append(Self.response("200 OK", headers: ["Transfer-Encoding: chunked"], body: "5\r\nhello\r\n0\r\n\r\n"))
        #expect(throws: HTTPResponseReader.ReadError.unframed) { try chunked.next() }
        var unframed = HTTPResponseReader()
        unframed.append(Self.response("200 OK", headers: ["Connection: close"], body: "hello"))
        #expect(throws: HTTPResponseReader.ReadError.unframed) { try unframed.next() }
    }

    @Test func malformedHeadsAndOversizedMessagesAreRefused() {
        for head in [
            Self.response("2x0 OK", headers: ["Content-Length: 0"], body: ""),
            Array("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n".utf8),
            Self.response("200 OK", headers: ["Content-Length 0"], body: ""),
            Self.response("200 OK", headers: ["Content-Length: -1"], body: ""),
            Self.response("200 OK", headers: ["Content-Length: 1", "Content-Length: 2"], body: "ab"),
        ] {
            var reader = HTTPResponseReader()
            reader.append(head)
            #expect(throws: HTTPResponseReader.ReadError.malformed) { try reader.next() }
        }
        var longBody = HTTPResponseReader(maxHeadBytes: 64, maxBodyBytes: 4)
        longBody.append(Self.response("200 OK", headers: ["Content-Length: 5"], body: ""))
        #expect(throws: HTTPResponseReader.ReadError.tooLarge) { try longBody.next() }
        var longHead = HTTPResponseReader(maxHeadBytes: 64, maxBodyBytes: 4)
        longHead.append(Array(("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 80)).utf8))
        #expect(throws: HTTPResponseReader.ReadError.tooLarge) { try longHead.next() }
    }
}
