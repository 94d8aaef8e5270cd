/// The bytes of one HTTP/1.1 POST on a keep-alive connection: request line, `Host`,
/// `Content-Type`, `Content-Length` and the body, built in one buffer so that each request
/// leaves in one write (one loopback segment for both ends to handle, rather than the head and
/// the body apart).
public struct HTTPRequestFraming: Sendable {
    /// Everything before the `Content-Length` value.
    private let prefix: [UInt8]

    /// `path` is the request target (`/sts`), `host` the `Host` header value (`127.0.0.1:8080`).
    /// None may contain CR or LF.
    public init(path: String, host: String, contentType: String) {
        precondition(
            ![path, host, contentType].contains { $0.utf8.contains(0x0D) || $0.utf8.contains(0x0A) },
            "a request line or header value cannot contain CR or LF")
        prefix = Array("POST \(path) HTTP/1.1\r\nHost: \(host)\r\nContent-Type: \(contentType)\r\nContent-Length: ".utf8)
    }

    /// The whole request carrying `body`.
    public func request(body: [UInt8]) -> [UInt8] {
        var bytes = prefix
        bytes.reserveCapacity(prefix.count + 24 + body.count)
        bytes.append(contentsOf: String(body.count).utf8)
        bytes.append(contentsOf: [0x0D, 0x0A, 0x0D, 0x0A])
        bytes.append(contentsOf: body)
        return bytes
    }
}
