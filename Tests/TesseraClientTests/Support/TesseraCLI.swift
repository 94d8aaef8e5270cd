import Foundation
import Testing

/// The built `tessera` executable, run as a subprocess without blocking the test's thread (the
/// loopback server it talks to runs in this process).
enum TesseraCLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// `TESSERA_BINARY`, or `tessera` next to the test bundle, or `.build/debug/tessera`.
    static let executable: URL? = {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["TESSERA_BINARY"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("tessera"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("tessera"))
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/tessera"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `tessera arguments…` with empty standard input; killed after `timeout`.
    static func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> Result {
        let executable = try #require(executable, "the tessera executable was not found: run `swift build` first, or set TESSERA_BINARY")
        let scratch = try ScratchDirectory()
        let outURL = scratch.url("stdout"), errURL = scratch.url("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: outURL), stderr = try FileHandle(forWritingTo: errURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        let watchdog = Task {
            try await Task.sleep(for: timeout)
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
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
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
