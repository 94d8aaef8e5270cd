import Foundation
public import Testing

/// The interop scripts in scripts/interop, run with the venv's python (`TESSERA_PYTHON`, set by
/// scripts/test); tests that need one are skipped without it.
public enum PythonOracle {
    /// Whether the venv's python is there (and this is not the unit tier).
    public static var available: Bool { TesseraTestEnvironment.python != nil }

    /// Runs `scripts/interop/<script> arguments…`, killed after two minutes.
    public static func run(_ script: String, _ arguments: [String], stdin: [UInt8]? = nil) async throws -> ToolResult {
        let python = try #require(TesseraTestEnvironment.python, "\(TesseraTestEnvironment.pythonMissing)")
        return try await Subprocess.run(
            python, [TesseraTestEnvironment.interopScripts.appendingPathComponent(script).path] + arguments,
            stdin: stdin)
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips a test in the unit tier (`scripts/test --unit`), which runs no external process:
    /// for tests that need PostgreSQL, the `tessera` executable or another process.
    public static var needsExternalProcesses: Self {
        .disabled(if: TesseraTestEnvironment.unitTierOnly, "the unit tier runs no external process")
    }
}

extension Tag {
    /// The suites that check Tessera against an independent implementation (xmlsec1, WSS4J,
    /// signxml, lxml, zeep, pysaml2). Their identifiers also contain "Interop", so that
    /// `scripts/test --interop` (`swift test --filter Interop`) runs them alone with a toolchain
    /// whose `swift test` does not filter by tag.
    @Tag public static var interop: Self
}
