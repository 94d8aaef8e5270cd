import Foundation
import Testing
import TesseraTestSupport

/// The Python interop oracles `scripts/test` installs in its venv (scripts/interop/README.md).
enum Interop {
    static let python = TesseraTestEnvironment.python
    static let scripts = TesseraTestEnvironment.interopScripts

    /// Runs `scripts/interop/<script>` with the venv's python; returns (status, stdout, stderr).
    static func run(_ script: String, _ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        guard let python else { throw InteropUnavailable() }
        let result = try await Subprocess.run(python, [scripts.appendingPathComponent(script).path] + arguments)
        return (result.status, result.stdoutText, result.stderr)
    }

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8], suffix: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sts-\(UUID().uuidString)\(suffix)")
        try Data(bytes).write(to: url)
        return url.path
    }
}

/// The venv's python is not there (`TESSERA_PYTHON` unset: run scripts/test).
struct InteropUnavailable: Error {}
