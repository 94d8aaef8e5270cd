import Foundation
import SOAP
import SecureConversation
import Testing
import WSSecurity
import XMLCore

/// The secure-conversation flow's steps in process, for both WS-SecureConversation versions: the
/// client establishes a context with the service over a transport closure, exchanges many signed
/// and encrypted messages with fresh derived keys, renews, cancels, and is refused afterwards.
@Suite struct EndToEndTests {
    @Test(arguments: SecureConversationVersion.allCases)
    func establishExchangeRenewCancel(_ version: SecureConversationVersion) async throws {
        let clock = TestClock()
        let service = Fixtures.helloService(Fixtures.serviceConfiguration(clock: clock))
        let transport = RecordingTransport(service: service)
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: version, clock: clock), transport: transport)

        let context = try await client.establish()
        #expect(context.identifier.hasPrefix("urn:uuid:"))
        #expect(context.version == version)

        let exchanges = 1_000
        for index in 0..<exchanges {
            let response = try await client.send(Fixtures.hello("caller \(index)"), action: Fixtures.helloAction)
            #expect(Fixtures.greeting(response) == "Hello, caller \(index), you are \(Fixtures.gateway.certificate.subject)")
        }
        // Every request carried two derived keys with nonces never used before.
        let nonces = try transport.requests.dropFirst().flatMap { try Self.nonces(in: $0) }
        #expect(nonces.count == 2 * exchanges)
        #expect(Set(nonces).count == nonces.count)
        // The Body never travels in the clear.
        #expect(transport.requests.dropFirst().allSatisfy { !String(decoding: $0, as: UTF8.self).contains("caller") })

        let renewed = try await client.renew()
        #expect(renewed.identifier == context.identifier)
        #expect(renewed.instance != nil && renewed.instance != context.instance)
        let afterRenewal = try await client.send(Fixtures.hello("renewed"), action: Fixtures.helloAction)
        #expect(Fixtures.greeting(afterRenewal)?.hasPrefix("Hello, renewed") == true)

        // Keep the keys of the live context to try them after the cancellation.
        let lastRequest = try #require(transport.requests.last)
        try await client.cancel()
        #expect(client.context == nil)
        await #expect(throws: SecureConversationError(.notEstablished, "")) {
            try await client.send(Fixtures.hello("gone"), action: Fixtures.helloAction)
        }
        // The same context's keys no longer open the service: a fresh copy of the last request
        // (new nonces would not help either) is refused with wsc:BadContextToken.
        let refused = try SOAPEnvelope(parsing: await service.handle(bytes: lastRequest, version: .v12, action: Fixtures.helloAction))
        #expect(refused.fault?.subcode == QName(version.namespace, "BadContextToken"))
    }

    /// The Base64 nonces of every DerivedKeyToken in a serialized message.
    static func nonces(in message: [UInt8]) throws -> [String] {
        let envelope = try SOAPEnvelope(parsing: message)
        let security = try #require(try envelope.securityHeader())
        return security.children.filter { $0.localName == "DerivedKeyToken" }.compactMap {
            $0.children.first { $0.localName == "Nonce" }?.trimmedText
        }
    }
}
