import Foundation
import Testing

/// The interop scripts in scripts/interop, run with the venv's python (`TESSERA_PYTHON`, set by
/// scripts/test); tests that need one are skipped without it.
enum PythonOracle {
    static let python: String? = ProcessInfo.processInfo.environment["TESSERA_PYTHON"].flatMap {
        FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil
    }

    static var available: Bool { python != nil }

    static let scripts: URL = ProcessInfo.processInfo.environment["TESSERA_INTEROP_SCRIPTS"]
        .map { URL(fileURLWithPath: $0) } ?? Fixtures.packageRoot.appendingPathComponent("scripts/interop")

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `scripts/interop/<script> arguments…`, output through temporary files, killed after
    /// two minutes.
    static func run(_ script: String, _ arguments: [String]) async throws -> Result {
        let python = try #require(python, "TESSERA_PYTHON is not set")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [scripts.appendingPathComponent(script).path] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let watchdog = Task {
            try await Task.sleep(for: .seconds(120))
            kill(process.processIdentifier, SIGKILL)
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        watchdog.cancel()
        return Result(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                      stderr: try String(contentsOf: err, encoding: .utf8))
    }
}
