import Foundation
import Testing
import TesseraTestSupport

/// `tessera demo token-exchange --secure-conversation`: consumer → gateway → STS → echo service,
/// the last leg under a security context established with the STS's holder-of-key assertion.
@Suite(.needsExternalProcesses) struct TokenExchangeDemoSecureConversationTests {
    @Test(arguments: ["1.1", "1.2"])
    func demoPrintsEveryStageAndReusesTheContext(_ soap: String) async throws {
        let result = try await TesseraProcess.run(["demo", "token-exchange", "--secure-conversation", "--soap-version", soap, "--calls", "3"])
        #expect(result.status == 0, "demo failed: \(result.stdout)\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("Call ") }.count == 3)
        #expect(lines.filter { $0.hasPrefix("1. Consumer → gateway  +0.0 ms: a SOAP \(soap) request") }.count == 3)
        // The first call asks the STS for a holder-of-key assertion and the provider for a context, once each.
        #expect(lines.filter { $0.hasPrefix("2. Gateway → STS  +") }.count == 1)
        let rstr = lines.filter { $0.hasPrefix("3. STS → gateway  +") }
        #expect(rstr.count == 1)
        #expect(rstr.first?.contains("confirmation holder-of-key") == true && rstr.first?.contains("for jdoe") == true)
        #expect(lines.filter { $0.hasPrefix("4a. Gateway → provider  +") && $0.contains("RST/SCT") }.count == 1)
        #expect(lines.filter { $0.hasPrefix("4b. Provider → gateway  +") && $0.contains("RSTR/SCT") }.count == 1)
        #expect(lines.filter { $0.hasPrefix("2–4. No STS call, no RST/SCT: the gateway's context cache held") }.count == 2)
        let forwards = lines.filter { $0.hasPrefix("5. Gateway → provider  +") }
        #expect(forwards.count == 3)
        #expect(forwards.allSatisfy { $0.contains("keys derived from the context") })
        let answers = lines.filter { $0.hasPrefix("6. Provider → gateway → consumer  +") }
        #expect(answers.count == 3)
        #expect(answers.allSatisfy { $0.contains("\"Hello, jdoe (issuer: https://sts.tessera.test). You said: call ") })
        #expect(lines.last == "The flow went as expected.")
        #expect(!result.stdout.contains("FAILED"))
    }

    @Test func showMessagesPrintsTheContextExchange() async throws {
        let result = try await TesseraProcess.run(["demo", "token-exchange", "--secure-conversation", "--calls", "1", "--show-messages"])
        #expect(result.status == 0, "demo failed: \(result.stdout)\n\(result.stderr)")
        for direction in ["consumer → gateway", "gateway → STS", "STS → gateway", "gateway → provider", "provider → gateway", "gateway → consumer"] {
            #expect(result.stdout.contains("   --- \(direction) ---\n<"), "\(direction)")
        }
        #expect(result.stdout.contains("DerivedKeyToken"))
        #expect(result.stdout.contains("EchoResponse"))
    }
}
