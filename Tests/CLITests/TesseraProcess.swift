import Foundation
import Testing
import TesseraTestSupport

/// The built `tessera` executable, run as a subprocess.
struct TesseraProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The built `tessera` (`TESSERA_BINARY`, else next to the test bundle, else .build/debug).
    static let executable = TesseraTestEnvironment.tesseraExecutable

    /// Runs `tessera arguments…` with `stdin` as standard input, without blocking a thread.
    static func run(_ arguments: [String], stdin: [UInt8]? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Result {
        guard let executable else {
            Issue.record(
                "the tessera executable was not found next to the test bundle nor at .build/debug/tessera: run `swift build` first, or set TESSERA_BINARY",
                sourceLocation: sourceLocation)
            throw CLITestError.noExecutable
        }
        let result = try await Subprocess.run(executable, arguments, stdin: stdin, timeout: .seconds(300))
        return Result(status: result.status, stdout: result.stdoutText, stderr: result.stderr)
    }
}

enum CLITestError: Error {
    case noExecutable
    case fixtureMissing(String)
}

/// The test PKI and SOAP samples in Tests/TesseraTestSupport/Fixtures.
enum Fixtures {
    static let directory = TesseraTestEnvironment.fixtures

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static var envelope: String { path("soap/envelope.xml") }
    static var ca: String { path("ca.cert.pem") }

    static func key(_ name: String) -> String { path("\(name).key.pem") }
    static func cert(_ name: String) -> String { path("\(name).cert.pem") }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

/// A temporary directory removed when the value is released.
final class Scratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
    func path(_ name: String) -> String { url(name).path }

    func write(_ text: String, to name: String) throws -> String {
        try Data(text.utf8).write(to: url(name))
        return path(name)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }
}
