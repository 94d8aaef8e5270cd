import Foundation
import Testing
import XMLCore

/// Where the tests find what lives outside the test target: the shared W3C vectors, the Python
/// interop oracles and the corpus of tricky documents. Every path can be overridden by the
/// environment `scripts/test` exports.
enum TestEnvironment {
    /// The package root, three levels above this file (Tests/XMLCoreTests/Support/).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/XMLCoreTests/Corpus/`, read by path (it is excluded from the target's sources).
    static let corpus: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus", isDirectory: true)

    /// The shared test vectors: `TESSERA_VECTORS`, else `../shared/vectors` beside the package.
    static let vectors: URL? = {
        let environment = ProcessInfo.processInfo.environment["TESSERA_VECTORS"].map { URL(fileURLWithPath: $0) }
        let candidate = environment ?? packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/vectors", isDirectory: true)
        return isDirectory(candidate.appendingPathComponent("w3c-interop")) ? candidate : nil
    }()

    static let vectorsMissing = "W3C vectors not found: set TESSERA_VECTORS or place them at ../shared/vectors (scripts/test does)"

    /// The venv's python (`TESSERA_PYTHON`); nil when unset or not executable.
    static let python: URL? = {
        guard let path = ProcessInfo.processInfo.environment["TESSERA_PYTHON"], !path.isEmpty,
              FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return URL(fileURLWithPath: path)
    }()

    static let pythonMissing = "TESSERA_PYTHON is not set (run scripts/test, which creates the venv of interop oracles)"

    /// `scripts/interop`: `TESSERA_INTEROP_SCRIPTS`, else the one in this package.
    static let interopScripts: URL = ProcessInfo.processInfo.environment["TESSERA_INTEROP_SCRIPTS"]
        .map { URL(fileURLWithPath: $0) } ?? packageRoot.appendingPathComponent("scripts/interop")

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

/// Runs `executable` with `arguments` and collects its output. stderr goes to a temporary file
/// so a chatty child cannot block on a full pipe while stdout is read.
func runProcess(_ executable: URL, _ arguments: [String]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let stdout = Pipe()
    let stderrURL = FileManager.default.temporaryDirectory
        .appendingPathComponent("tessera-test-\(UUID().uuidString).stderr")
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: stderrURL) }
    let stderr = try FileHandle(forWritingTo: stderrURL)
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try stderr.close()
    let errors = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
    return ProcessResult(status: process.terminationStatus, stdout: [UInt8](output), stderr: errors)
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
