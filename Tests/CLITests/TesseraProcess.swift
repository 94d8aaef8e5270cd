import Foundation
import Testing

/// The built `tessera` executable, run as a subprocess.
struct TesseraProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The executable next to the test bundle (`.build/debug/tessera`), or `TESSERA_BINARY`.
    static let executable: URL? = {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["TESSERA_BINARY"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("tessera"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("tessera"))
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/tessera"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `tessera arguments…` with `stdin` as standard input.
    static func run(_ arguments: [String], stdin: [UInt8]? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        guard let executable else {
            Issue.record("the tessera executable was not found next to the test bundle nor at .build/debug/tessera: run `swift build` first, or set TESSERA_BINARY", sourceLocation: sourceLocation)
            throw CLITestError.noExecutable
        }
        let scratch = try Scratch()
        let outURL = scratch.url("stdout")
        let errURL = scratch.url("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let stdin {
            let inURL = scratch.url("stdin")
            try Data(stdin).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}

enum CLITestError: Error {
    case noExecutable
    case fixtureMissing(String)
}

/// The test PKI and SOAP samples in Tests/Fixtures (or `TESSERA_FIXTURES`).
enum Fixtures {
    static let directory: URL = {
        if let explicit = ProcessInfo.processInfo.environment["TESSERA_FIXTURES"] {
            return URL(fileURLWithPath: explicit)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }()

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static var envelope: String { path("soap/envelope.xml") }
    static var ca: String { path("ca.cert.pem") }

    static func key(_ name: String) -> String { path("\(name).key.pem") }
    static func cert(_ name: String) -> String { path("\(name).cert.pem") }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

/// A temporary directory removed when the value is released.
final class Scratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
    func path(_ name: String) -> String { url(name).path }

    func write(_ text: String, to name: String) throws -> String {
        try Data(text.utf8).write(to: url(name))
        return path(name)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }
}
