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
    /// Waits for the child through its termination handler, not by blocking a thread of the
    /// cooperative pool; output goes through files, so a chatty child never blocks on a pipe.
    static func run(_ script: String, _ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        guard let python else { throw InteropUnavailable() }
        let process = Process()
        process.executableURL = python
        process.arguments = [scripts.appendingPathComponent(script).path] + arguments
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sts-\(UUID().uuidString)")
        let stdoutURL = base.appendingPathExtension("stdout"), stderrURL = base.appendingPathExtension("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        defer { try? stdout.close() }
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer { try? stderr.close() }
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let output = String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self)
        let errors = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, output, errors)
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
