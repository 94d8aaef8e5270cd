import SOAP
import SecureConversation
import Synchronization
import Testing

/// A client without a bootstrap (`tessera sc send`, `renew`, `cancel`) never establishes a
/// context: nothing is sent and `establish()` says why.
@Suite struct SavedContextOnlyClientTests {
    final class CountingTransport: SOAPTransport {
        let calls = Mutex(0)
        func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
            calls.withLock { $0 += 1 }
            return []
        }
    }

    @Test func establishingWithoutABootstrapIsRefusedBeforeAnythingIsSent() async throws {
        let transport = CountingTransport()
        let client = SecureConversationClient(
            configuration: SecureConversationClientConfiguration(endpoint: "http://127.0.0.1:1/echo", bootstrap: .savedContextOnly),
            transport: transport)
        await #expect(throws: SecureConversationError.self) { try await client.establish() }
        do {
            try await client.establish()
        } catch let error as SecureConversationError {
            #expect(error.code == .notEstablished)
        }
        #expect(transport.calls.withLock { $0 } == 0)
    }
}
