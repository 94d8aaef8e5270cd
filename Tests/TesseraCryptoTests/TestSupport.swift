import Foundation
import Testing
import TesseraTestSupport

/// Hex helpers, the independent `openssl` command-line tool, and the shared vector folder.
enum TestSupport {
    /// The W3C interop vectors (`TESSERA_VECTORS`, else ../shared/vectors beside the package).
    static let vectorsRoot = (TesseraTestEnvironment.vectors ?? URL(fileURLWithPath: "/nonexistent")).appendingPathComponent("w3c-interop")

    /// True when the W3C interop vectors are on this machine.
    static var vectorsPresent: Bool {
        FileManager.default.fileExists(atPath: vectorsRoot.path)
    }

    /// True when the openssl command-line tool is on this machine.
    static var openSSLPresent: Bool {
        TesseraTestEnvironment.openssl != nil
    }

    static func vector(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: vectorsRoot.appendingPathComponent(relativePath)))
    }

    static func vectorText(_ relativePath: String) throws -> String {
        String(decoding: try vector(relativePath), as: UTF8.self)
    }

    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.filter { !$0.isWhitespace })
        precondition(digits.count % 2 == 0, "odd hex length")
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// A fresh temporary directory, removed by the caller with `removeDirectory`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-crypto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func removeDirectory(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    struct CommandResult {
        var status: Int32
        var output: [UInt8]
        var errorOutput: String
    }

    /// Runs the openssl command-line tool with `arguments`; stdin is empty.
    static func openSSL(_ arguments: [String]) async throws -> CommandResult {
        let openssl = try #require(TesseraTestEnvironment.openssl, "needs the openssl command-line tool")
        let result = try await Subprocess.run(openssl, arguments)
        return CommandResult(status: result.status, output: result.stdout, errorOutput: result.stderr)
    }

    static func write(_ bytes: [UInt8], to url: URL) throws {
        try Data(bytes).write(to: url)
    }

    static func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    static func read(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    /// The base64 contents of every `CipherValue` element in `xml`, in document order.
    static func cipherValues(in xml: String) -> [[UInt8]] {
        let pattern = try! NSRegularExpression(pattern: "<(?:[A-Za-z0-9]+:)?CipherValue>([^<]*)</", options: [])
        let range = NSRange(xml.startIndex..., in: xml)
        return pattern.matches(in: xml, range: range).map { match in
            let base64 = String(xml[Range(match.range(at: 1), in: xml)!]).filter { !$0.isWhitespace }
            return [UInt8](Data(base64Encoded: base64)!)
        }
    }

    // MARK: ECDSA signature encoding (for the openssl CLI, which speaks DER)

    /// DER `ECDSA-Sig-Value` (RFC 3279 §2.2.3) from raw `r || s`.
    static func derECDSASignature(raw: [UInt8]) -> [UInt8] {
        func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var value = Array(bytes.drop(while: { $0 == 0 }))
            if value.isEmpty { value = [0] }
            if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
            return [0x02] + length(value.count) + value
        }
        let half = raw.count / 2
        let body = integer(raw[..<half]) + integer(raw[half...])
        return [0x30] + length(body.count) + body
    }

    /// Raw `r || s` (each `coordinateLength` bytes) from a DER `ECDSA-Sig-Value`.
    static func rawECDSASignature(der: [UInt8], coordinateLength: Int) -> [UInt8] {
        var index = 0
        func readLength() -> Int {
            let first = Int(der[index]); index += 1
            guard first & 0x80 != 0 else { return first }
            var value = 0
            for _ in 0..<(first & 0x7f) { value = value << 8 | Int(der[index]); index += 1 }
            return value
        }
        precondition(der[index] == 0x30); index += 1
        _ = readLength()
        var raw: [UInt8] = []
        for _ in 0..<2 {
            precondition(der[index] == 0x02); index += 1
            let count = readLength()
            let value = Array(der[index..<index + count].drop(while: { $0 == 0 }))
            index += count
            raw += [UInt8](repeating: 0, count: coordinateLength - value.count) + value
        }
        return raw
    }

    private static func length(_ count: Int) -> [UInt8] {
        if count < 0x80 { return [UInt8(count)] }
        if count < 0x100 { return [0x81, UInt8(count)] }
        return [0x82, UInt8(count >> 8), UInt8(count & 0xff)]
    }
}
