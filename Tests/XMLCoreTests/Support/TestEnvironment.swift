import Foundation
import Testing
import TesseraTestSupport
import XMLCore

/// Where the tests find what lives outside the test target: the shared W3C vectors, the Python
/// interop oracles and the corpus of tricky documents. Every path can be overridden by the
/// environment `scripts/test` exports.
enum TestEnvironment {

    /// `Tests/XMLCoreTests/Corpus/`, a resource of this target, read by path.
    static let corpus: URL = {
        guard let url = Bundle.module.url(forResource: "Corpus", withExtension: nil) else {
            fatalError("the XMLCoreTests resource bundle has no Corpus folder: \(Bundle.module.bundlePath)")
        }
        return url
    }()

    /// The shared test vectors: `TESSERA_VECTORS`, else `../shared/vectors` beside the package.
    static let vectors: URL? = TesseraTestEnvironment.vectors.flatMap {
        isDirectory($0.appendingPathComponent("w3c-interop")) ? $0 : nil
    }
    static let vectorsMissing = TesseraTestEnvironment.vectorsMissing
    static let python = TesseraTestEnvironment.python
    static let pythonMissing = TesseraTestEnvironment.pythonMissing
    static let interopScripts = TesseraTestEnvironment.interopScripts

    static func vector(_ relativePath: String) throws -> URL {
        let vectors = try #require(vectors, "\(vectorsMissing)")
        return vectors.appendingPathComponent("w3c-interop").appendingPathComponent(relativePath)
    }

    static func read(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// The result of running a helper process.
struct ProcessResult {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
}

/// Runs `executable` with `arguments` and collects its output, without blocking a thread.
func runProcess(_ executable: URL, _ arguments: [String]) async throws -> ProcessResult {
    let result = try await Subprocess.run(executable, arguments)
    return ProcessResult(status: result.status, stdout: result.stdout, stderr: result.stderr)
}

/// Expects `body` to throw an ``XMLError`` with `code`.
func expectXMLError(
    _ code: XMLError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    let error = #expect(throws: XMLError.self, sourceLocation: sourceLocation) { try body() }
    if let error {
        #expect(error.code == code, "expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

extension XMLDocument {
    /// Parses a string literal (tests only).
    convenience init(_ text: String, limits: XMLParsingLimits = .default) throws {
        try self.init(parsing: Array(text.utf8), limits: limits)
    }
}

extension Array where Element == UInt8 {
    /// The bytes as UTF-8 text, for readable expectations and failure messages.
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}
