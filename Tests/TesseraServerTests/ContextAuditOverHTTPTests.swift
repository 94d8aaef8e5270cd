import Foundation
import SOAP
import SecureConversation
import TesseraClient
import Testing
@testable import TesseraServer

/// The lifecycle of security contexts reaches the audit log of `tessera serve` (label
/// `tessera.audit`), over loopback HTTP with the whole serve composition: a context the echo
/// service issues and its Cancel, a Renew the service refuses, and a context the STS issues for
/// the echo service, each with the requestor, the context's identifier, AppliesTo, the WS-SC
/// version and the client address, and never a byte of the context's secret.
@Suite struct ContextAuditOverHTTPTests {
    static let gatewaySubject = "\(TestPKI.gateway.certificate.subject)"

    /// The audit lines with `message`, in the order they were written.
    static func lines(_ server: TestServer, _ message: String) -> [LogCapture.Record] {
        server.logs.all.filter { $0.message == message }
    }

    /// Whether any logged value holds `secret`, in Base64 or hexadecimal.
    static func anyLineHolds(_ secret: [UInt8], in server: TestServer) -> Bool {
        let base64 = Data(secret).base64EncodedString()
        let hex = secret.map { String(format: "%02x", $0) }.joined()
        return server.logs.all.contains { record in
            record.metadata.values.contains { $0.contains(base64) || $0.lowercased().contains(hex) } || record.message.contains(base64)
        }
    }

    @Test(arguments: [(SecureConversationVersion.v13, SOAPVersion.v12, "1.3"), (.v200502, .v11, "2005/02")])
    func theEchoServiceAuditsTheContextItIssuesAndItsCancel(_ version: SecureConversationVersion, _ soap: SOAPVersion, _ label: String) async throws {
        try await SecureConversationLifecycleOverHTTPTests.withEcho { server, url in
            try await SecureConversationLifecycleOverHTTPTests.withClient(url, version: version, soap: soap) { client, _ in
                let context = try await client.establish()
                let secret = try #require(client.savedContext?.secret)
                try await client.cancel()

                let issued = try #require(Self.lines(server, "context issued").first)
                #expect(issued.level == .info)
                #expect(issued.metadata["request"] == "establish")
                #expect(issued.metadata["requestor"] == Self.gatewaySubject)
                #expect(issued.metadata["contextID"] == context.identifier)
                #expect(issued.metadata["version"] == label)
                #expect(issued.metadata["remote"] == "127.0.0.1")
                #expect(issued.metadata["expires"]?.isEmpty == false)
                let cancelled = try #require(Self.lines(server, "context cancelled").first)
                #expect(cancelled.metadata["request"] == "cancel")
                #expect(cancelled.metadata["requestor"] == Self.gatewaySubject)
                #expect(cancelled.metadata["contextID"] == context.identifier)
                #expect(cancelled.metadata["version"] == label)
                #expect(cancelled.metadata["remote"] == "127.0.0.1")
                #expect(!Self.anyLineHolds(secret, in: server))
            }
        }
    }

    @Test func aRefusedRenewIsAuditedWithItsFault() async throws {
        var section = ServerConfiguration.SecureConversation()
        section.renewal.enabled = false
        try await SecureConversationLifecycleOverHTTPTests.withEcho(section) { server, url in
            try await SecureConversationLifecycleOverHTTPTests.withClient(url, version: .v13, soap: .v12) { client, _ in
                let context = try await client.establish()
                let secret = try #require(client.savedContext?.secret)
                await #expect(throws: SecureConversationError.self) { _ = try await client.renew() }

                let refusal = try #require(Self.lines(server, "context refused").first)
                #expect(refusal.level == .notice)
                #expect(refusal.metadata["request"] == "renew")
                #expect(refusal.metadata["fault"]?.hasSuffix("UnableToRenew") == true, "\(refusal.metadata)")
                #expect(refusal.metadata["reason"]?.isEmpty == false)
                #expect(refusal.metadata["contextID"] == context.identifier)
                #expect(refusal.metadata["requestor"] == Self.gatewaySubject)
                #expect(refusal.metadata["version"] == "1.3")
                #expect(refusal.metadata["remote"] == "127.0.0.1")
                #expect(Self.lines(server, "context renewed").isEmpty)
                #expect(!Self.anyLineHolds(secret, in: server))
            }
        }
    }

    @Test func aContextTheSTSIssuesForTheEchoServiceIsAuditedWithItsAppliesTo() async throws {
        try await ContextsIssuedByTheSTSOverHTTPTests.serving { harness in
            let (client, _) = ContextsIssuedByTheSTSOverHTTPTests.client(harness, appliesTo: ContextsIssuedByTheSTSOverHTTPTests.echoAddress)
            let context = try await client.establish()
            let secret = try #require(client.savedContext?.secret)
            let renewed = try await client.renew()
            let renewedSecret = try #require(client.savedContext?.secret)
            try await client.cancel()

            let server = harness.server
            let issued = try #require(Self.lines(server, "context issued").first)
            #expect(issued.metadata["requestor"] == ContextsIssuedByTheSTSOverHTTPTests.gatewayOwner)
            #expect(issued.metadata["appliesTo"] == ContextsIssuedByTheSTSOverHTTPTests.echoAddress)
            #expect(issued.metadata["contextID"] == context.identifier)
            #expect(issued.metadata["remote"] == "127.0.0.1")
            let renewal = try #require(Self.lines(server, "context renewed").first)
            #expect(renewal.metadata["contextID"] == context.identifier)
            #expect(renewal.metadata["instance"] == renewed.instance)
            #expect(renewal.metadata["appliesTo"] == ContextsIssuedByTheSTSOverHTTPTests.echoAddress)
            let cancelled = try #require(Self.lines(server, "context cancelled").first)
            #expect(cancelled.metadata["contextID"] == context.identifier)
            #expect(!Self.anyLineHolds(secret, in: server) && !Self.anyLineHolds(renewedSecret, in: server))
        }
    }
}
