import Foundation
import SOAP
import SecureConversation
import Synchronization
import TesseraClient
import TesseraDemos
import TesseraSamples
import TesseraServer
import Testing
import TesseraTestSupport

/// `tessera serve` keeps its security contexts in the SQLite store of its data directory: a
/// session established before the process is killed (`kill -9`, no graceful shutdown) goes on
/// after it restarts on the same directory, with the same context and derived keys; a Cancel
/// made before a crash is still in force after the restart. For WS-SC 1.3 over SOAP 1.2 and the
/// 2005/02 draft over SOAP 1.1.
@Suite(.needsExternalProcesses)
struct SecureConversationRestartTests {
    @Test(arguments: [(SecureConversationVersion.v13, SOAPVersion.v12), (.v200502, .v11)])
    func aSessionSurvivesKillAndRestartAndACancelSurvivesToo(_ version: SecureConversationVersion, _ soap: SOAPVersion) async throws {
        let executable = try #require(ServeProcessTests.executable, "build the tessera executable first (swift build)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let dataDirectory = scratch.appendingPathComponent("data").path

        var server = try await ServeProcess.start(executable, dataDirectory: dataDirectory, port: 0, scratch: scratch, run: 1)
        defer { server.killIfRunning() }
        let url = server.echoURL
        #expect(url.hasPrefix("http://127.0.0.1:") && url.hasSuffix("/echo"))

        // The client: the sample gateway key of the data directory, trusting the STS certificate.
        let keys = try DevelopmentKeys(directory: DataDirectory(path: dataDirectory), endpointAddress: url)
        let demo = SecureConversationDemo(keys: keys, version: version, messages: 0)
        var clientConfiguration = demo.clientConfiguration(endpoint: url)
        clientConfiguration.soapVersion = soap
        let transport = try ReconnectingTransport(url: url)
        // The HTTP client must be shut down however the exchange ends (its deinit traps otherwise).
        do {
            let client = SecureConversationClient(configuration: clientConfiguration, transport: transport)
            let identity = "\(keys.client.certificate.subject)"

            let context = try await client.establish()
            for index in 1...5 {
                #expect(try await echo("before \(index)", client, soap) == EchoService.greeting(identity: identity, text: "before \(index)"))
            }

            // kill -9, then a new process on the same data directory and port.
            await server.kill9()
            server = try await ServeProcess.start(executable, dataDirectory: dataDirectory, port: server.port, scratch: scratch, run: 2)
            try await transport.reconnect()
            for index in 1...5 {
                #expect(try await echo("after \(index)", client, soap) == EchoService.greeting(identity: identity, text: "after \(index)"))
            }
            #expect(client.context?.identifier == context.identifier)
            #expect(client.context?.instance == context.instance)
            #expect(context.version == version)

            // A request made under the context but held back, then Cancel, then a crash and restart:
            // the held request is refused with wsc:BadContextToken.
            transport.hold(true)
            await #expect(throws: ReconnectingTransport.Held.self) { _ = try await echo("held", client, soap) }
            transport.hold(false)
            let held = try #require(transport.held)
            try await client.cancel()
            await server.kill9()
            server = try await ServeProcess.start(executable, dataDirectory: dataDirectory, port: server.port, scratch: scratch, run: 3)
            let refused = try await SecureConversationOverHTTPTests.post(held, to: url, soap: soap, action: EchoService.action)
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: refused.body))
            #expect(fault.subcode == version.faultCodes.badContextToken.name)
        } catch {
            try? await transport.shutdown()
            server.killIfRunning()
            throw error
        }
        try await transport.shutdown()
        server.killIfRunning()
    }

    private func echo(_ text: String, _ client: SecureConversationClient, _ soap: SOAPVersion) async throws -> String? {
        EchoService.reply(in: try await client.send(EchoService.request(text, version: soap), action: EchoService.action))
    }
}

/// One `tessera serve` child process on a data directory, started with `--port`.
struct ServeProcess {
    let process: Process
    let port: Int
    let echoURL: String

    /// Starts the server and waits until its banner names the secure-conversation endpoint.
    static func start(_ executable: String, dataDirectory: String, port: Int, scratch: URL, run: Int) async throws -> ServeProcess {
        let output = scratch.appendingPathComponent("stdout-\(run)"), errors = scratch.appendingPathComponent("stderr-\(run)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--port", "\(port)", "--log-level", "warning"]
        process.environment = ProcessInfo.processInfo.environment.merging(["TESSERA_DATA_DIR": dataDirectory]) { $1 }
        process.environment?.removeValue(forKey: "TESSERA_STORE")
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()

        let marker = "  SC echo   POST "
        var banner = ""
        for _ in 0..<600 where !banner.contains(marker) {
            try await Task.sleep(for: .milliseconds(100))
            banner = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if !process.isRunning { break }
        }
        let line = banner.split(separator: "\n").first { $0.hasPrefix(marker) }
        guard let line else {
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            Issue.record("no secure-conversation endpoint in the banner; stdout: \(banner)\nstderr: \(stderr)")
            throw CancellationError()
        }
        let url = String(line.dropFirst(marker.count).prefix { $0 != " " })
        let boundPort = URLComponents(string: url)?.port ?? port
        return ServeProcess(process: process, port: boundPort, echoURL: url)
    }

    /// SIGKILL, as a crash: no graceful shutdown, nothing flushed beyond what was committed.
    func kill9() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        await Subprocess.terminated(process)
    }

    /// SIGKILL without waiting, for cleanup paths that cannot wait (`defer`).
    func killIfRunning() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}

/// An HTTP transport to one URL whose connections can be replaced (the server restarted), and
/// that can hold requests back: recorded, not sent, the exchange failing with ``Held``.
final class ReconnectingTransport: SOAPTransport {
    struct Held: Error {}

    let url: String
    private let state: Mutex<(inner: HTTPSOAPTransport, holding: Bool, held: [UInt8]?)>

    init(url: String) throws {
        self.url = url
        state = Mutex((try HTTPSOAPTransport(url: url), false, nil))
    }

    var held: [UInt8]? { state.withLock { $0.held } }

    func hold(_ holding: Bool) { state.withLock { $0.holding = holding } }

    /// New connections for the restarted server.
    func reconnect() async throws {
        let fresh = try HTTPSOAPTransport(url: url)
        let old = state.withLock { state in
            defer { state.inner = fresh }
            return state.inner
        }
        try await old.shutdown()
    }

    func shutdown() async throws {
        try await state.withLock { $0.inner }.shutdown()
    }

    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        let inner: HTTPSOAPTransport? = state.withLock { state in
            guard !state.holding else {
                state.held = request
                return nil
            }
            return state.inner
        }
        guard let inner else { throw Held() }
        return try await inner.exchange(request, version: version, action: action)
    }
}
