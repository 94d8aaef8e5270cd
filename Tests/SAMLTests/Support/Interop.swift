import Foundation
import Testing

/// The Python interop oracles and xmlsec1 that `scripts/test` installs (scripts/interop/README.md).
enum Interop {
    /// The venv's python (`TESSERA_PYTHON`); nil when unset or not executable.
    static let python: URL? = {
        guard let path = ProcessInfo.processInfo.environment["TESSERA_PYTHON"], !path.isEmpty,
              FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return URL(fileURLWithPath: path)
    }()

    static let pythonMissing = "TESSERA_PYTHON is not set (run scripts/test, which creates the venv of interop oracles)"

    /// `scripts/interop`: `TESSERA_INTEROP_SCRIPTS`, else the one in this package.
    static let scripts: URL = ProcessInfo.processInfo.environment["TESSERA_INTEROP_SCRIPTS"]
        .map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/interop")

    /// xmlsec1 on PATH (scripts/test installs it at /usr/bin/xmlsec1).
    static let xmlsec1: URL? = ["/usr/bin/xmlsec1", "/usr/local/bin/xmlsec1"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }

    /// Runs `scripts/interop/<script>` with the venv's python.
    static func runScript(_ script: String, _ arguments: [String]) throws -> ProcessResult {
        let python = try #require(python, "\(pythonMissing)")
        return try runProcess(python, [scripts.appendingPathComponent(script).path] + arguments)
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

/// Runs `executable` with `arguments` and collects its output. stderr goes to a temporary file
/// so a chatty child cannot block on a full pipe while stdout is read.
func runProcess(_ executable: URL, _ arguments: [String]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let stdout = Pipe()
    let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-saml-\(UUID().uuidString).stderr")
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
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self), stderr: errors)
}
