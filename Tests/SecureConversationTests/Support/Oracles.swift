import Foundation
import Testing

/// The independent tools the interop tests compare against (`scripts/test` installs them and
/// exports TESSERA_PYTHON and TESSERA_INTEROP_SCRIPTS), run as child processes.
enum Oracles {
    static let python: URL? = ProcessInfo.processInfo.environment["TESSERA_PYTHON"]
        .flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
        .flatMap { FileManager.default.isExecutableFile(atPath: $0.path) ? $0 : nil }

    static let scripts: URL = ProcessInfo.processInfo.environment["TESSERA_INTEROP_SCRIPTS"].map { URL(fileURLWithPath: $0) }
        ?? Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/interop")

    static let xmlsec1: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("xmlsec1") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var succeeded: Bool { status == 0 }
        var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// Runs `executable` with `arguments` and waits for it (output goes through files, so a
    /// chatty child never blocks on a pipe).
    static func run(_ executable: URL, _ arguments: [String]) async throws -> Result {
        let scratch = try Scratch()
        let out = scratch.url.appendingPathComponent("stdout"), err = scratch.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// `$TESSERA_PYTHON scripts/interop/psha1.py`: P_SHA1 with Python `cryptography`.
    static func pSHA1(secret: [UInt8], seed: [UInt8], length: Int, offset: Int = 0) async throws -> String {
        let python = try #require(python)
        let result = try await run(python, [scripts.appendingPathComponent("psha1.py").path, hex(secret), hex(seed), String(length), String(offset)])
        try #require(result.succeeded, "\(result)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func xmlsec1(_ arguments: [String]) async throws -> Result {
        try await run(try #require(xmlsec1), arguments)
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

/// A temporary directory removed when the value goes away.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ bytes: [UInt8], as name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url.appendingPathComponent(name))) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

extension Trait where Self == ConditionTrait {
    static var requiresPython: Self {
        .enabled(if: Oracles.python != nil, "TESSERA_PYTHON is not set: run scripts/test, which creates the venv of interop oracles")
    }

    static var requiresXmlsec1: Self {
        .enabled(if: Oracles.xmlsec1 != nil, "xmlsec1 is not on PATH: run scripts/test, which installs it")
    }
}
