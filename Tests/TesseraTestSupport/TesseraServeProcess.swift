public import Foundation
import Testing

/// `tessera serve --config` as a child process: the test PKI's STS key signs, the test CA is the
/// trust anchor, and the sample echo service is secured with WS-SecureConversation under the
/// given algorithm suite. Stopped (SIGKILL) by ``stop()``; state lives in the given directory.
public struct TesseraServeProcess {
    public let process: Process
    /// The echo service's address, as the banner prints it (with `publicBaseURL` configured,
    /// the published address rather than the one it listens on).
    public let echoURL: String
    /// The port it listens on (on 127.0.0.1).
    public let port: Int
    /// Where its standard error, the log, is written.
    public let logFile: URL

    /// The configuration: the STS signs as `issuer` with the fixtures' `signingIdentity` key and
    /// certificate, `ca.cert.pem` is the anchor (the `gateway` certificate chains to it), the
    /// echo service has `algorithmSuite`, and `extra` is appended to the `secureConversation`
    /// section (indented two spaces) or the file.
    public static func configuration(
        algorithmSuite: String = "basic256", issuer: String = "https://sts.tessera.test", signingIdentity: String = "sts",
        secureConversationExtra: String = "", extra: String = ""
    ) -> String {
        let fixtures = TesseraTestEnvironment.fixtures.path
        return """
            listen:
              host: 127.0.0.1
              port: 0
            dataDirectory: .
            store:
              sqlite: store.sqlite
            identity:
              issuer: \(issuer)
              signingKey: \(fixtures)/\(signingIdentity).key.pem
              signingCertificate: \(fixtures)/\(signingIdentity).cert.pem
            trustAnchors:
              - \(fixtures)/ca.cert.pem
            secureConversation:
              path: /echo
              algorithmSuite: \(algorithmSuite)
            \(secureConversationExtra)
            \(extra)
            """
    }

    /// Writes `configuration` to `directory`/tessera.yaml and starts `tessera serve --config` on
    /// it with `arguments`, logging at `logLevel`, waiting (at most a minute) until the banner
    /// names the echo service. `environment` is added to the test's own, less the variables
    /// that would change what serve does (its store, data directory and allocator settings).
    public static func start(
        configuration: String, in directory: URL, logLevel: String = "warning", arguments: [String] = [],
        environment: [String: String] = [:]
    ) async throws -> TesseraServeProcess {
        let executable = try #require(TesseraTestEnvironment.tesseraExecutable, "build the tessera executable first (swift build)")
        let file = directory.appendingPathComponent("tessera.yaml")
        try Data(configuration.utf8).write(to: file)
        let output = directory.appendingPathComponent("serve.stdout"), errors = directory.appendingPathComponent("serve.stderr")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--config", file.path, "--log-level", logLevel] + arguments
        process.environment = ProcessInfo.processInfo.environment
            .filter { !["TESSERA_STORE", "TESSERA_DATA_DIR", "GLIBC_TUNABLES"].contains($0.key) }
            .merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()

        let marker = "  SC echo   POST "
        var banner = ""
        for _ in 0..<600 where !banner.contains(marker) && process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            banner = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        }
        let lines = banner.split(separator: "\n")
        let listening = lines.first { $0.hasPrefix("Tessera STS listening on ") }
        guard let line = lines.first(where: { $0.hasPrefix(marker) }),
            let port = listening?.split(separator: "(port ").last.flatMap({ Int($0.prefix { $0.isNumber }) })
        else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            Issue.record("tessera serve did not start the echo service; stdout: \(banner)\nstderr: \(stderr)")
            throw CancellationError()
        }
        return TesseraServeProcess(process: process, echoURL: String(line.dropFirst(marker.count).prefix { $0 != " " }), port: port, logFile: errors)
    }

    /// What it has logged so far.
    public func log() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// Stops the server (SIGKILL) and waits for it.
    public func stop() async {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        await Subprocess.terminated(process)
    }
}
