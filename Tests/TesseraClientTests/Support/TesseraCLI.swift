import Foundation
import Testing
import TesseraTestSupport

/// The built `tessera` executable, run as a subprocess without blocking the test's thread (the
/// loopback server it talks to runs in this process).
enum TesseraCLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// `TESSERA_BINARY`, or `tessera` next to the test bundle, or `.build/debug/tessera`.
    static let executable = TesseraTestEnvironment.tesseraExecutable

    /// Runs `tessera arguments…` with empty standard input; killed after `timeout`.
    static func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> Result {
        let executable = try #require(executable, "the tessera executable was not found: run `swift build` first, or set TESSERA_BINARY")
        let result = try await Subprocess.run(executable, arguments, timeout: timeout)
        return Result(status: result.status, stdout: result.stdoutText, stderr: result.stderr)
    }
}

/// A temporary directory, removed when released.
final class ScratchDirectory: Sendable {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
    func path(_ name: String) -> String { url(name).path }
}
