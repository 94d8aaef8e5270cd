import Foundation
public import Testing

/// Apache WSS4J 1.6 (Debian's libwss4j-java, on Java 17) driven through
/// `scripts/interop/wss4j/Wss4jTool.java`, compiled once per test run.
public enum WSS4J {
    /// The jars the tool runs with, from Debian's packages.
    static let classpath = ["wss4j", "xmlsec", "commons-logging", "slf4j-api", "slf4j-nop"]
        .map { "/usr/share/java/\($0).jar" }

    static let javac = TesseraTestEnvironment.onPath("javac")
    static let java = TesseraTestEnvironment.onPath("java")

    /// Whether Java and the WSS4J jars are installed.
    public static var isAvailable: Bool {
        javac != nil && java != nil && classpath.allSatisfy { FileManager.default.fileExists(atPath: $0) }
    }

    /// Runs the tool (`sign`, `verify`, …) with the test PKI's folder as its first argument.
    public static func run(_ mode: String, _ arguments: [String]) async throws -> ToolResult {
        let classes = try await compiled.value
        let java = try #require(java, "java is not on PATH")
        return try await Subprocess.run(
            java,
            [
                "-cp", ([classes.path] + classpath).joined(separator: ":"), "Wss4jTool", mode,
                TesseraTestEnvironment.fixtures.path,
            ] + arguments)
    }

    /// Runs the tool in `mode` on `message` (written to a temporary file), as a provider built on
    /// WSS4J would process it.
    public static func run(_ mode: String, on message: [UInt8]) async throws -> ToolResult {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-wss4j-message-\(UUID().uuidString).xml")
        try Data(message).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await run(mode, [file.path])
    }

    /// Compiles the tool into a fresh directory, once for all tests of this process.
    private static let compiled = Task<URL, any Error> {
        let compiler = try #require(WSS4J.javac, "javac is not on PATH")
        let classes = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-wss4j-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: classes, withIntermediateDirectories: true)
        let source = TesseraTestEnvironment.interopScripts.appendingPathComponent("wss4j/Wss4jTool.java").path
        let result = try await Subprocess.run(compiler, ["-d", classes.path, "-cp", classpath.joined(separator: ":"), source])
        try #require(result.succeeded, "javac failed: \(result)")
        return classes
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips (never passes) a test that needs WSS4J when Java or the Debian package is missing.
    public static var requiresWSS4J: Self {
        .enabled(if: WSS4J.isAvailable, "Java or libwss4j-java is missing: run scripts/test, which installs them")
    }
}
