/// Reads HTTP/1.1 responses off one keep-alive connection, in order, however the bytes arrive:
/// the status code and a body framed by `Content-Length` (RFC 9112 §6.3 rule 6). `tessera serve`
/// frames every answer that way; a response framed otherwise (chunked, or read until close) is
/// refused with ``ReadError/unframed``, and the caller drops the connection.
public struct HTTPResponseReader: Sendable {
    /// One complete response.
    public struct Response: Sendable, Equatable {
        public let status: Int
        public let body: [UInt8]

        public init(status: Int, body: [UInt8]) {
            self.status = status
            self.body = body
        }
    }

    /// Why the bytes are not a response this reader accepts.
    public enum ReadError: Error, Equatable {
        /// Not an HTTP/1.x status line, or a header line without a colon, or a bad length.
        case malformed
        /// No `Content-Length`, or a `Transfer-Encoding`.
        case unframed
        /// The head or the body is longer than the limits.
        case tooLarge
    }

    public let maxHeadBytes: Int
    public let maxBodyBytes: Int
    private var buffer: [UInt8] = []
    /// Where the search for the end of the head resumes (bytes before it were searched).
    private var searched = 0

    public init(maxHeadBytes: Int = 16 << 10, maxBodyBytes: Int = 4 << 20) {
        self.maxHeadBytes = maxHeadBytes
        self.maxBodyBytes = maxBodyBytes
    }

    /// Appends bytes received.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete response, removed from the buffer; nil while more bytes are needed.
    public mutating func next() throws(ReadError) -> Response? {
        guard let headEnd = endOfHead() else {
            if buffer.count > maxHeadBytes { throw .tooLarge }
            return nil
        }
        guard headEnd <= maxHeadBytes else { throw .tooLarge }
        let (status, length) = try Self.parseHead(buffer[..<headEnd])
        guard length <= maxBodyBytes else { throw .tooLarge }
        guard buffer.count - headEnd >= length else { return nil }
        let body = Array(buffer[headEnd..<headEnd + length])
        buffer.removeSubrange(..<(headEnd + length))
        searched = 0
        return Response(status: status, body: body)
    }

    /// The index just after the CRLF CRLF ending the head, if it has arrived.
    private mutating func endOfHead() -> Int? {
        var index = max(searched, 3)
        while index < buffer.count {
            if buffer[index] == 0x0A, buffer[index - 1] == 0x0D, buffer[index - 2] == 0x0A, buffer[index - 3] == 0x0D {
                return index + 1
            }
            index += 1
        }
        searched = max(buffer.count, 3)
        return nil
    }

    /// The status code and the Content-Length of a head (status line and header lines).
    static func parseHead(_ head: ArraySlice<UInt8>) throws(ReadError) -> (status: Int, length: Int) {
        let lines = head.split(separator: 0x0A).map { $0.last == 0x0D ? $0.dropLast() : $0 }.filter { !$0.isEmpty }
        guard let statusLine = lines.first, statusLine.count >= 12,
            statusLine.starts(with: Array("HTTP/1.".utf8)), statusLine[statusLine.startIndex + 8] == 0x20,
            let status = decimal(statusLine.dropFirst(9).prefix(3)), (100...599).contains(status)
        else { throw .malformed }
        var length: Int?
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformed }
            let name = line[..<colon].map { $0 | 0x20 }  // ASCII lowercase; header names are tokens
            let value = line[line.index(after: colon)...].drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
            if name.elementsEqual("transfer-encoding".utf8) { throw .unframed }
            if name.elementsEqual("content-length".utf8) {
                guard let value = decimal(value), length == nil || length == value else { throw .malformed }
                length = value
            }
        }
        guard let length else { throw .unframed }
        return (status, length)
    }

    private static func decimal<Digits: Collection>(_ digits: Digits) -> Int? where Digits.Element == UInt8 {
        guard !digits.isEmpty, digits.count <= 12 else { return nil }
        var value = 0
        for digit in digits {
            guard (0x30...0x39).contains(digit) else { return nil }
            value = value * 10 + Int(digit - 0x30)
        }
        return value
    }
}
