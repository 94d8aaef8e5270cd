import Foundation
import Testing

/// The Python interop oracles `scripts/test` installs in its venv (scripts/interop/README.md).
enum Interop {
    /// The venv's python (`TESSERA_PYTHON`); nil when unset or not executable.
    static let python: URL? = {
        guard let path = ProcessInfo.processInfo.environment["TESSERA_PYTHON"], !path.isEmpty,
              FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return URL(fileURLWithPath: path)
    }()

    static let scripts: URL = ProcessInfo.processInfo.environment["TESSERA_INTEROP_SCRIPTS"]
        .map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/interop")

    /// Runs `scripts/interop/<script>` with the venv's python; returns (status, stdout, stderr).
    static func run(_ script: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let python else { throw InteropUnavailable() }
        let process = Process()
        process.executableURL = python
        process.arguments = [scripts.appendingPathComponent(script).path] + arguments
        let stdout = Pipe()
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sts-\(UUID().uuidString).stderr")
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
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), errors)
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
