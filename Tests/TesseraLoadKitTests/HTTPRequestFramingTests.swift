import Testing
import TesseraLoadKit

@Suite struct HTTPRequestFramingTests {
    @Test func aPostWithItsLengthAndBodyInOneBuffer() {
        let framing = HTTPRequestFraming(path: "/sts", host: "127.0.0.1:8080", contentType: "application/soap+xml")
        let request = framing.request(body: Array("<e/>".utf8))
        #expect(
            String(decoding: request, as: UTF8.self)
                == "POST /sts HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/soap+xml\r\nContent-Length: 4\r\n\r\n<e/>")
        #expect(String(decoding: framing.request(body: []), as: UTF8.self).hasSuffix("Content-Length: 0\r\n\r\n"))
    }
}
