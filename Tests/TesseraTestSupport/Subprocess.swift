public import Foundation

/// What a subprocess left behind.
public struct ToolResult: Sendable, CustomStringConvertible {
    /// The command line, for failure messages.
    public var command: String
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: String

    public var succeeded: Bool { status == 0 }
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var description: String { "`\(command)` exited \(status)\nstdout: \(stdoutText)\nstderr: \(stderr)" }
}

/// A subprocess that did not finish in time; it has been terminated.
public struct ToolTimedOut: Error, CustomStringConvertible {
    public var command: String
    public var timeout: Duration
    public var description: String { "`\(command)` did not finish within \(timeout) and was terminated" }
}

/// Runs external programs (xmlsec1, openssl, the Python oracles, `tessera`) without blocking the
/// test's thread: the test task waits for the child's termination instead of a cooperative
/// thread blocking in `waitUntilExit`.
public enum Subprocess {
    /// Runs `executable` with `arguments` and `stdin` (empty when nil), and collects its exit
    /// status, stdout and stderr. Output goes to temporary files, so a chatty child never blocks
    /// on a full pipe. A child still running after `timeout` is terminated and ``ToolTimedOut``
    /// is thrown.
    public static func run(
        _ executable: URL, _ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String]? = nil,
        timeout: Duration = .seconds(120)
    ) async throws -> ToolResult {
        let command = ([executable.path] + arguments).joined(separator: " ")
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("tessera-subprocess-\(UUID().uuidString)", isDirectory: true)
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
        if let stdin {
            let stdinURL = scratch.appendingPathComponent("stdin")
            try Data(stdin).write(to: stdinURL)
            process.standardInput = try FileHandle(forReadingFrom: stdinURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        if let environment { process.environment = environment }
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

extension Subprocess {
    /// Waits, without blocking a thread, until `process` (already signalled or about to end)
    /// has terminated.
    public static func terminated(_ process: Process) async {
        while process.isRunning {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
