import Foundation
import Logging
import SOAP
import SecureConversation
import SecureConversationExample
import SecurityCore
import TesseraClient
import Testing

/// The example service of docs/secure-conversation.md, run as its command runs it (its own
/// Hummingbird route over the public library), and called by the Swift client over loopback
/// HTTP in both WS-SC versions.
@Suite struct QuoteServiceExampleTests {
    static let host = QuoteServiceHost(credential: TestPKI.credential("service"), clientAuthority: TestPKI.credential("ca").certificate)

    /// Runs the example until `body` returns, passing it the service's URL.
    static func withQuoteService(_ body: @Sendable (String) async throws -> Void) async throws {
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await host.run(logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }) { continuation.yield($0) }
            }
            var iterator = urls.makeAsyncIterator()
            let url = try #require(await iterator.next())
            defer { tasks.cancelAll() }
            try await body(url)
        }
    }

    static func client(_ url: String, version: SecureConversationVersion, transport: any SOAPTransport) -> SecureConversationClient {
        let trust = X509TrustStore(anchors: [TestPKI.credential("ca").certificate])
        var configuration = SecureConversationClientConfiguration(
            endpoint: url, bootstrap: .x509(credential: TestPKI.gateway, serviceCertificate: host.credential.certificate, trustStore: trust))
        configuration.version = version
        return SecureConversationClient(configuration: configuration, transport: transport)
    }

    @Test(arguments: SecureConversationVersion.allCases)
    func aQuoteIsAnsweredUnderAContextToItsOwner(_ version: SecureConversationVersion) async throws {
        try await Self.withQuoteService { url in
            let http = try HTTPSOAPTransport(url: url)
            let client = Self.client(url, version: version, transport: http)
            _ = try await client.establish()
            let response = try await client.send(QuoteService.request("ACME"), action: QuoteService.action)
            let quote = try #require(QuoteService.quote(in: response))
            #expect(quote.price == "123.45")
            #expect(quote.requestor == "\(TestPKI.gateway.certificate.subject)")
            // An unknown symbol is a Receiver fault that names no cause.
            await #expect(throws: (any Error).self) { _ = try await client.send(QuoteService.request("NOPE"), action: QuoteService.action) }
            try await client.cancel()
            try await http.shutdown()
        }
    }

    @Test func aQuoteRequestWithoutAContextIsRefused() async throws {
        try await Self.withQuoteService { url in
            let http = try HTTPSOAPTransport(url: url)
            let bytes = try await http.exchange(QuoteService.request("ACME").serialize(), version: .v12, action: QuoteService.action)
            let answer = try SOAPEnvelope(parsing: bytes)
            let fault = try SOAPFault(envelope: answer)
            #expect(fault.code == .sender)
            #expect(QuoteService.quote(in: answer) == nil)
            try await http.shutdown()
        }
    }
}
