import Foundation

/// What an oracle process left behind.
struct ToolResult: Sendable, CustomStringConvertible {
    /// The command line, for failure messages.
    var command: String
    var status: Int32
    var stdout: [UInt8]
    var stderr: String

    var succeeded: Bool { status == 0 }
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var description: String { "`\(command)` exited \(status)\nstdout: \(stdoutText)\nstderr: \(stderr)" }
}

/// An oracle that did not finish in time; it has been terminated.
struct ToolTimedOut: Error, CustomStringConvertible {
    var command: String
    var timeout: Duration
    var description: String { "`\(command)` did not finish within \(timeout) and was terminated" }
}

/// Runs external programs (xmlsec1, the Python oracles) without blocking the test's thread.
enum Subprocess {
    /// Runs `executable` with `arguments`, empty stdin, and collects its exit status, stdout and
    /// stderr. Output goes to temporary files, so a chatty child never blocks on a full pipe.
    /// A child still running after `timeout` is terminated and ``ToolTimedOut`` is thrown.
    static func run(_ executable: URL, _ arguments: [String], timeout: Duration = .seconds(120)) async throws -> ToolResult {
        let command = ([executable.path] + arguments).joined(separator: " ")
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("tessera-interop-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        for url in [stdoutURL, stderrURL] {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
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

        let watchdog = Task { () -> Bool in
            do { try await Task.sleep(for: timeout) } catch { return false }
            // SIGKILL: the test runner's children may inherit a SIGTERM they never act on.
            kill(process.processIdentifier, SIGKILL)
            return true
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            // Set before run(): a fast child may exit before run() returns.
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        watchdog.cancel()
        if await watchdog.value {
            throw ToolTimedOut(command: command, timeout: timeout)
        }
        return ToolResult(
            command: command,
            status: process.terminationStatus,
            stdout: [UInt8](try Data(contentsOf: stdoutURL)),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
    }
}
