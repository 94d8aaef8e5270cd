import AsyncHTTPClient
import Hummingbird
import Foundation
import Testing
import TesseraTestSupport
import WSTrust
@testable import TesseraServer

/// `tessera serve` as a user runs it: first start bootstraps the data directory, prints where
/// it listens and a first request that works, answers /health, and stops cleanly on SIGTERM.
@Suite(.needsExternalProcesses)
struct ServeProcessTests {
    /// The built `tessera` (`TESSERA_BINARY`, else next to the test bundle, else .build/debug).
    static let executable: String? = TesseraTestEnvironment.tesseraExecutable?.path

    @Test func serveBootstrapsListensAnswersAndStopsOnSIGTERM() async throws {
        let executable = try #require(Self.executable, "build the tessera executable first (swift build)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let dataDirectory = scratch.appendingPathComponent("data").path
        let output = scratch.appendingPathComponent("stdout"), errors = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--port", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(["TESSERA_DATA_DIR": dataDirectory]) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // Wait for the banner (the first start generates three RSA keys).
        var banner = ""
        for _ in 0..<600 where !banner.contains("First request") {
            try await Task.sleep(for: .milliseconds(100))
            banner = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if !process.isRunning { break }
        }
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        try #require(banner.contains("First request"), "no banner; stdout: \(banner)\nstderr: \(stderr)")
        #expect(banner.contains("Created the development data directory"))
        let listening = try #require(banner.split(separator: "\n").first { $0.hasPrefix("Tessera STS listening on ") })
        let baseURL = String(listening.dropFirst("Tessera STS listening on ".count).prefix { $0 != " " })
        #expect(baseURL.hasPrefix("http://127.0.0.1:"))
        #expect(FileManager.default.fileExists(atPath: dataDirectory + "/tessera.yaml"))

        let health = try await HTTPResult(HTTPClient.shared.execute(HTTPClientRequest(url: baseURL + "/health"), timeout: .seconds(30)))
        #expect(health.status == 200)

        // The printed first request: the sample gateway signs the sample RST, then it is POSTed.
        let signed = scratch.appendingPathComponent("signed.xml")
        let sign = try await Subprocess.run(
            URL(fileURLWithPath: executable),
            [
                "sign", "--key", dataDirectory + "/gateway.key.pem", "--cert", dataDirectory + "/gateway.cert.pem",
                "-o", signed.path, dataDirectory + "/" + DataDirectory.sampleRequestFileName,
            ])
        #expect(sign.succeeded, "\(sign)")
        var request = HTTPClientRequest(url: baseURL + "/sts")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/soap+xml; charset=utf-8")
        request.body = .bytes(ByteBuffer(bytes: Array(try Data(contentsOf: signed))))
        let issued = try await HTTPResult(HTTPClient.shared.execute(request, timeout: .seconds(30)))
        #expect(issued.status == 200, "\(issued.text)")
        #expect(issued.text.contains("RequestSecurityTokenResponseCollection"))

        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<300 where process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(!process.isRunning, "still running 30 s after SIGTERM")
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        // The request's log line carries the logger's own metadata (Hummingbird's request id)
        // and the line's (the outcome), formatted as swift-log's stream handler does.
        let requestLine = log.split(separator: "\n").first { $0.hasSuffix("sts request") }
        #expect(requestLine?.contains(" info tessera") == true, "\(log)")
        #expect(requestLine?.contains("hb.request.id=") == true, "\(log)")
        #expect(requestLine?.contains("outcome=success") == true, "\(log)")
        #expect(log.contains("the STS signs with a development key and certificate: never use them in production"), "\(log)")

        // Every later start warns again while the development keys sign.
        let again = Process()
        again.executableURL = URL(fileURLWithPath: executable)
        again.arguments = ["serve", "--port", "0"]
        again.environment = process.environment
        again.standardInput = FileHandle.nullDevice
        let againOutput = scratch.appendingPathComponent("stdout-2"), againErrors = scratch.appendingPathComponent("stderr-2")
        _ = FileManager.default.createFile(atPath: againOutput.path, contents: nil)
        _ = FileManager.default.createFile(atPath: againErrors.path, contents: nil)
        again.standardOutput = try FileHandle(forWritingTo: againOutput)
        again.standardError = try FileHandle(forWritingTo: againErrors)
        try again.run()
        defer { if again.isRunning { kill(again.processIdentifier, SIGKILL) } }
        var secondBanner = ""
        for _ in 0..<300 where !secondBanner.contains("Tessera STS listening") && again.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            secondBanner = (try? String(contentsOf: againOutput, encoding: .utf8)) ?? ""
        }
        #expect(!secondBanner.contains("Created the development data directory"))
        let secondLog = (try? String(contentsOf: againErrors, encoding: .utf8)) ?? ""
        #expect(secondLog.contains("the STS signs with a development key"), "\(secondLog)")
        kill(again.processIdentifier, SIGTERM)
    }
}
