import Foundation
import Testing
import TesseraTestSupport

/// `tessera demo token-exchange` runs the token-transformation scenario (consumer → gateway →
/// STS → HelloService) over loopback HTTP and prints it stage by stage.
@Suite(.needsExternalProcesses) struct TokenExchangeDemoTests {
    @Test(arguments: ["1.1", "1.2"])
    func demoPrintsEveryStageAndTheCacheHit(_ soap: String) async throws {
        let result = try await TesseraProcess.run(["demo", "token-exchange", "--soap-version", soap, "--calls", "3"])
        #expect(result.status == 0, "demo failed: \(result.stdout)\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("Call ") }.count == 3)
        #expect(
            lines.filter { $0.hasPrefix("1. Consumer → gateway  +0.0 ms: a SOAP \(soap) request") && $0.contains("UsernameToken for jdoe and no password") }
                .count == 3)
        // The first call asks the STS, once.
        let rst = lines.filter { $0.hasPrefix("2. Gateway → STS  +") }
        #expect(rst.count == 1)
        #expect(rst.first?.contains("RST Issue (WS-Trust 1.3") == true)
        #expect(rst.first?.contains("OnBehalfOf the consumer's UsernameToken (jdoe, no password)") == true)
        let rstr = lines.filter { $0.hasPrefix("3. STS → gateway  +") }
        #expect(rstr.count == 1)
        #expect(rstr.first?.contains("SAML 2.0 assertion") == true && rstr.first?.contains("confirmation sender-vouches") == true)
        // The later calls are answered from the token cache, with the same assertion.
        let hits = lines.filter { $0.hasPrefix("2–3. No STS call: the gateway's token cache held assertion ") }
        #expect(hits.count == 2)
        let forwards = lines.filter { $0.hasPrefix("4. Gateway → provider  +") }
        #expect(forwards.count == 3)
        #expect(forwards.allSatisfy { $0.contains("Verified: the STS's signature on the SAML 2.0 assertion") && $0.contains("subject jdoe") })
        let answers = lines.filter { $0.hasPrefix("5. Provider → gateway → consumer  +") }
        #expect(answers.count == 3)
        #expect(answers.allSatisfy { $0.contains("\"Hello, jdoe\", relayed unchanged") })
        #expect(lines.last == "The flow went as expected.")
        #expect(!result.stdout.contains("FAILED"))
        #expect(!result.stdout.contains("<soap"), "messages are printed only with --show-messages")
    }

    @Test func showMessagesPrintsEveryMessageOfTheSequence() async throws {
        let scratch = try Scratch()
        let result = try await TesseraProcess.run(["demo", "token-exchange", "--calls", "1", "--show-messages", "--data-dir", scratch.path("data")])
        #expect(result.status == 0, "demo failed: \(result.stdout)\n\(result.stderr)")
        for direction in ["consumer → gateway", "gateway → STS", "STS → gateway", "gateway → provider", "provider (through the gateway) → consumer"] {
            #expect(result.stdout.contains("   --- \(direction) ---\n<"), "\(direction)")
        }
        #expect(result.stdout.contains("RequestSecurityToken"))
        #expect(result.stdout.contains("<saml2:Assertion") || result.stdout.contains(":Assertion "))
        #expect(result.stdout.contains("HelloResponse"))
        #expect(FileManager.default.fileExists(atPath: scratch.path("data/gateway.key.pem")))
    }

    /// A data directory whose STS certificate is not the one its STS signs with: the gateway
    /// refuses the RSTR, and the demo says so and exits 1.
    @Test func aStageThatFailsIsReportedWithStatusOne() async throws {
        let scratch = try Scratch()
        let data = scratch.path("data")
        let first = try await TesseraProcess.run(["demo", "token-exchange", "--calls", "1", "--data-dir", data])
        try #require(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        // The gateway now trusts another certificate for the STS than the one the STS signs with.
        let configuration = try String(contentsOfFile: data + "/tessera.yaml", encoding: .utf8)
        try configuration.replacingOccurrences(of: "signingCertificate: sts.cert.pem", with: "signingCertificate: other-sts.cert.pem")
            .replacingOccurrences(of: "signingKey: sts.key.pem", with: "signingKey: other-sts.key.pem")
            .write(toFile: data + "/tessera.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Fixtures.cert("untrusted"), toPath: data + "/other-sts.cert.pem")
        try FileManager.default.copyItem(atPath: Fixtures.key("untrusted"), toPath: data + "/other-sts.key.pem")
        let result = try await TesseraProcess.run(["demo", "token-exchange", "--calls", "1", "--data-dir", data])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("FAILED: "))
        #expect(!result.stdout.contains("5. Provider"))
        #expect(result.stdout.split(separator: "\n").last == "The flow did not go as expected.")
    }

    @Test func zeroCallsIsAnInvalidArgument() async throws {
        #expect(try await TesseraProcess.run(["demo", "token-exchange", "--calls", "0"]).status == 64)
        #expect(try await TesseraProcess.run(["demo", "token-exchange", "--soap-version", "1.3"]).status == 64)
    }
}
