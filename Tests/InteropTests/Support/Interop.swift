import Foundation
import SecurityCore
import SOAP
import Testing
import TesseraTestSupport
import TesseraCrypto
import WSSecurity
import X509
import XMLCore
import XMLSecurity

/// Where the interop tests find the oracles and the test PKI (TEST KEYS ONLY, see
/// Tests/TesseraTestSupport/Fixtures/README.md), and how they call them. `scripts/test` exports
/// the environment.
enum Interop {
    static let fixtures = TesseraTestEnvironment.fixtures
    static let scripts = TesseraTestEnvironment.interopScripts
    /// The venv's python (`TESSERA_PYTHON`), nil when unset or not executable.
    static let python = TesseraTestEnvironment.python
    /// `xmlsec1` from PATH, nil when it is not installed.
    static let xmlsec1 = TesseraTestEnvironment.xmlsec1

    // MARK: Namespaces and the xmlsec1 ID options (scripts/interop/README.md)

    static let soap11 = SOAPVersion.v11.namespace
    static let wsu = WSSNamespace.utility

    /// `--id-attr` for the elements a WS-Security signature references: the attribute's local
    /// name and the *element's* namespace-qualified name.
    static let xmlsec1SignatureIDs = ["--id-attr:Id", "\(wsu):Timestamp", "--id-attr:Id", "\(soap11):Body"]

    // MARK: Oracles

    /// Runs xmlsec1; callers are in suites enabled only when it is installed.
    static func xmlsec1(_ arguments: [String]) async throws -> ToolResult {
        try await Subprocess.run(try #require(xmlsec1, "xmlsec1 is not on PATH"), arguments)
    }

    /// Runs `scripts/interop/<script>` with the venv's python.
    static func python(_ script: String, _ arguments: [String]) async throws -> ToolResult {
        let python = try #require(python, "TESSERA_PYTHON is not set")
        return try await Subprocess.run(python, [scripts.appendingPathComponent(script).path] + arguments)
    }

    // MARK: Test PKI and samples

    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: fixture(name))) }

    static func certificate(_ name: String) throws -> Certificate {
        try Certificate(pemEncoded: String(decoding: try bytes("\(name).cert.pem"), as: UTF8.self))
    }

    static func credential(_ name: String) throws -> X509Credential {
        let key = try PrivateKey(pemRepresentation: String(decoding: try bytes("\(name).key.pem"), as: UTF8.self))
        return X509Credential(privateKey: key, certificate: try certificate(name))
    }

    /// A SOAP 1.1 request with the payload of soap/envelope.xml (`ns1:GetQuote`) and no header.
    static func quoteRequest(symbol: String = "TSSR") -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: .v11)
        let quote = envelope.body.addChild("GetQuote", "urn:example:quotes", prefix: "ns1")
        quote.addChild("Symbol", "urn:example:quotes", prefix: "ns1").setText(symbol)
        return envelope
    }

    /// Exclusive C14N (no comments, no inclusive prefixes) of `element` in its own document.
    static func canonical(_ element: XMLElement) throws -> [UInt8] {
        try element.document.canonicalize(element, method: .exclusive)
    }

    /// `bytes` with the only occurrence of `old` replaced by `new`: a change made in transit.
    static func replacing(_ old: String, with new: String, in bytes: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        try #require(text.components(separatedBy: old).count == 2, "expected exactly one '\(old)' to tamper with")
        return Array(text.replacingOccurrences(of: old, with: new).utf8)
    }
}

/// A directory for the files handed to the oracles, removed when the test is done.
struct ScratchDirectory: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tessera-interop-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to a file named `name` in the directory and returns its path.
    func write(_ bytes: [UInt8], as name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url.appendingPathComponent(name))) }
}

extension Trait where Self == ConditionTrait {
    /// Skips (never passes) a test that needs the xmlsec1 CLI when it is not installed.
    static var requiresXmlsec1: Self {
        .enabled(if: Interop.xmlsec1 != nil, "xmlsec1 is not on PATH: run scripts/test, which installs the Debian package")
    }

    /// Skips (never passes) a test that needs the Python oracles when the venv is not set up.
    static var requiresPythonOracles: Self {
        .enabled(if: Interop.python != nil, "TESSERA_PYTHON is not set: run scripts/test, which creates the venv of interop oracles")
    }
}
