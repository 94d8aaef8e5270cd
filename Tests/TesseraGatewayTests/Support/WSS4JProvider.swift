import Foundation
import Testing

/// Apache WSS4J 1.6 (Debian's libwss4j-java) standing in for a provider built on it: the
/// interop suite's `scripts/interop/wss4j/Wss4jTool.java`, compiled once per test run, processes
/// a message the gateway forwarded, trusting the test CA.
enum WSS4JProvider {
    static let classpath = ["wss4j", "xmlsec", "commons-logging", "slf4j-api", "slf4j-nop"].map { "/usr/share/java/\($0).jar" }

    /// Whether Java and the WSS4J jars are installed.
    static var isAvailable: Bool {
        executable("javac") != nil && executable("java") != nil && classpath.allSatisfy { FileManager.default.fileExists(atPath: $0) }
    }

    /// Runs the tool in `mode` on `message`; returns its exit status, standard output and error.
    static func run(_ mode: String, on message: [UInt8]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let classes = try await compiled.value
        return try await Fixtures.withScratchDirectory { scratch in
            let input = scratch.appendingPathComponent("message.xml")
            try Data(message).write(to: input)
            return try await launch(try #require(executable("java")), ["-cp", ([classes.path] + classpath).joined(separator: ":"),
                                                                        "Wss4jTool", mode, Fixtures.directory.path, input.path])
        }
    }

    private static let compiled = Task<URL, any Error> {
        let scripts = ProcessInfo.processInfo.environment["TESSERA_INTEROP_SCRIPTS"].map { URL(fileURLWithPath: $0) }
            ?? Fixtures.packageRoot.appendingPathComponent("scripts/interop")
        let classes = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-gateway-wss4j-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: classes, withIntermediateDirectories: true)
        let result = try await launch(try #require(executable("javac")), ["-d", classes.path, "-cp", classpath.joined(separator: ":"),
                                                                          scripts.appendingPathComponent("wss4j/Wss4jTool.java").path])
        try #require(result.status == 0, "javac failed: \(result.stderr)")
        return classes
    }

    /// Runs a process to its end off the test's thread; its output goes to files, so a full pipe never blocks it.
    private static func launch(_ executable: URL, _ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await Fixtures.withScratchDirectory { scratch in
            let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            FileManager.default.createFile(atPath: err.path, contents: nil)
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            let status: Int32 = try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do { try process.run() } catch { continuation.resume(throwing: error) }
            }
            return (status, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
        }
    }

    private static func executable(_ name: String) -> URL? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips (never passes) a test that needs WSS4J when Java or the Debian package is missing.
    static var requiresWSS4J: Self {
        .enabled(if: WSS4JProvider.isAvailable, "Java or libwss4j-java is missing: run scripts/test, which installs them")
    }
}
