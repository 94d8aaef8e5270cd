import Foundation
import Testing
import TesseraTestSupport

/// The independent tools the interop tests compare against (`scripts/test` installs them and
/// exports TESSERA_PYTHON and TESSERA_INTEROP_SCRIPTS), run as child processes.
enum Oracles {
    static let python = TesseraTestEnvironment.python
    static let scripts = TesseraTestEnvironment.interopScripts
    static let xmlsec1 = TesseraTestEnvironment.xmlsec1

    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var succeeded: Bool { status == 0 }
        var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// Runs `executable` with `arguments` and waits for it without blocking a thread.
    static func run(_ executable: URL, _ arguments: [String]) async throws -> Result {
        let result = try await Subprocess.run(executable, arguments)
        return Result(status: result.status, stdout: result.stdoutText, stderr: result.stderr)
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
