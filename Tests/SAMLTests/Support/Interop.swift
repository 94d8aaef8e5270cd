import Foundation
import Testing
import TesseraTestSupport

/// The Python interop oracles and xmlsec1 that `scripts/test` installs (scripts/interop/README.md).
enum Interop {
    static let python = TesseraTestEnvironment.python
    static let pythonMissing = TesseraTestEnvironment.pythonMissing
    static let scripts = TesseraTestEnvironment.interopScripts
    static let xmlsec1 = TesseraTestEnvironment.xmlsec1

    /// Runs `scripts/interop/<script>` with the venv's python.
    static func runScript(_ script: String, _ arguments: [String]) async throws -> ProcessResult {
        let python = try #require(python, "\(pythonMissing)")
        return try await runProcess(python, [scripts.appendingPathComponent(script).path] + arguments)
    }

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8], suffix: String = ".xml") throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-saml-\(UUID().uuidString)\(suffix)")
        try Data(bytes).write(to: url)
        return url.path
    }
}

/// The result of running a helper process.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments` and collects its output, without blocking a thread.
func runProcess(_ executable: URL, _ arguments: [String]) async throws -> ProcessResult {
    let result = try await Subprocess.run(executable, arguments)
    return ProcessResult(status: result.status, stdout: result.stdoutText, stderr: result.stderr)
}
