import Foundation
import Testing
import TesseraTestSupport

/// `tessera demo secure-conversation` runs the WS-SecureConversation flow over loopback HTTP and
/// says so.
@Suite(.needsExternalProcesses) struct SecureConversationDemoTests {
    @Test(arguments: [[String](), ["--version", "2005"]])
    func demoRunsTheFlowAndExitsZero(_ extra: [String]) async throws {
        let result = try await TesseraProcess.run(["demo", "secure-conversation", "--messages", "3"] + extra)
        #expect(result.status == 0, "demo failed: \(result.stdout)\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("1. RST/SCT: ") && $0.contains(extra.isEmpty ? "WS-SecureConversation 1.3" : "WS-SecureConversation 2005/02") })
        #expect(lines.contains { $0.hasPrefix("2. RSTR with SCT: ") && $0.contains("urn:uuid:") })
        #expect(lines.contains { $0.hasPrefix("3. Derived keys: ") })
        #expect(lines.filter { $0.contains("4–6. message ") }.count == 3)
        #expect(lines.contains { $0.contains("message 3/3") && $0.hasSuffix("You said: message 3") })
        #expect(lines.contains { $0.hasPrefix("7. Steps 3 to 6 repeated for 3 messages") })
        #expect(lines.contains { $0.hasPrefix("Renew: ") })
        #expect(lines.contains { $0.hasPrefix("Cancel: ") })
        #expect(lines.contains { $0.hasPrefix("After cancel: ") && $0.contains("wsc:BadContextToken") })
        #expect(lines.last == "The flow went as expected.")
        #expect(!result.stdout.contains("<soap"), "messages are printed only with --show-messages")
    }

    @Test func showMessagesPrintsTheWire() async throws {
        let scratch = try Scratch()
        let result = try await TesseraProcess.run(["demo", "secure-conversation", "--messages", "1", "--show-messages", "--data-dir", scratch.path("data")])
        #expect(result.status == 0, "demo failed: \(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("--> request (http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/SCT)"))
        #expect(result.stdout.contains("<-- response"))
        #expect(result.stdout.contains("DerivedKeyToken"))
        // The keys came from the given data directory, created with development keys.
        #expect(FileManager.default.fileExists(atPath: scratch.path("data/gateway.key.pem")))
    }

    @Test func zeroMessagesIsAnInvalidArgument() async throws {
        let result = try await TesseraProcess.run(["demo", "secure-conversation", "--messages", "0"])
        #expect(result.status == 64)
    }
}
