public import Foundation

/// What the test host offers the test targets: the package's files and the independent
/// implementations (oracles) the interop tests compare against. `scripts/test` installs and
/// exports all of them, and fails when a test is skipped; a test run by hand without them skips
/// the tests that need what is missing, with the reason.
///
/// `scripts/test --unit` sets `TESSERA_TEST_TIER=unit`: every external process (the oracles, the
/// `tessera` executable, PostgreSQL) is then reported missing, so only the tests that need none
/// run.
public enum TesseraTestEnvironment {
    /// Whether only the tests that need no external process run.
    public static let unitTierOnly = ProcessInfo.processInfo.environment["TESSERA_TEST_TIER"] == "unit"

    /// The package's root directory (the scripts, the W3C vectors beside it, built executables).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The test PKI and sample messages: the `Fixtures` folder this target carries as a resource
    /// (Tests/TesseraTestSupport/Fixtures, described by its README), copied into the build.
    public static let fixtures: URL = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the TesseraTestSupport resource bundle has no Fixtures folder: \(Bundle.module.bundlePath)")
        }
        return url
    }()

    /// The interop scripts (`TESSERA_INTEROP_SCRIPTS`, else scripts/interop).
    public static let interopScripts: URL =
        ProcessInfo.processInfo.environment["TESSERA_INTEROP_SCRIPTS"]
        .map { URL(fileURLWithPath: $0) } ?? packageRoot.appendingPathComponent("scripts/interop")

    /// The W3C XML-DSig, XML-Enc and C14N vectors: `TESSERA_VECTORS`, else `../shared/vectors`
    /// beside the package; nil when neither exists.
    public static let vectors: URL? = {
        let candidates = [
            ProcessInfo.processInfo.environment["TESSERA_VECTORS"].map { URL(fileURLWithPath: $0) },
            packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors"),
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    /// The interop venv's python (`TESSERA_PYTHON`); nil when unset, not executable, or in the
    /// unit tier.
    public static let python: URL? = {
        guard !unitTierOnly, let path = ProcessInfo.processInfo.environment["TESSERA_PYTHON"], !path.isEmpty,
            FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return URL(fileURLWithPath: path)
    }()

    /// `xmlsec1` from PATH; nil when not installed, or in the unit tier.
    public static let xmlsec1: URL? = onPath("xmlsec1")

    /// The `openssl` command-line tool from PATH; nil when not installed, or in the unit tier.
    public static let openssl: URL? = onPath("openssl")

    /// The PostgreSQL server the store tests use (`TESSERA_POSTGRES_URL`); nil when unset, or in
    /// the unit tier.
    public static let postgresURL: String? = {
        guard !unitTierOnly, let url = ProcessInfo.processInfo.environment["TESSERA_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }()

    /// The built `tessera` executable (`TESSERA_BINARY`, else next to the test bundle, else
    /// .build/debug); nil when not built, or in the unit tier.
    public static let tesseraExecutable: URL? = {
        guard !unitTierOnly else { return nil }
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["TESSERA_BINARY"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("tessera"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("tessera"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/tessera"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The reason a test gives when `python` is nil.
    public static let pythonMissing =
        unitTierOnly
        ? "the unit tier runs no external process"
        : "TESSERA_PYTHON is not set (run scripts/test, which creates the venv of interop oracles)"

    /// The reason a test gives when `vectors` is nil.
    public static let vectorsMissing = "W3C vectors not found: set TESSERA_VECTORS or place them at ../shared/vectors (scripts/test does)"

    /// The executable `name` from PATH; nil when absent, or in the unit tier.
    public static func onPath(_ name: String) -> URL? {
        guard !unitTierOnly else { return nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
