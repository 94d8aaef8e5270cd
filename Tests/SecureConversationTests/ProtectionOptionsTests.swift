import Foundation
import SOAP
import SecureConversation
import StoreProtocols
import Testing
import WSSecurity
import WSTrust
import XMLCore
import XMLSecurity

/// The configurable parts of message protection, each exercised end to end in process.
@Suite struct ProtectionOptionsTests {
    let clock = TestClock()

    func roundTrip(
        version: SecureConversationVersion = .v13, service change: (inout SecureConversationServiceConfiguration) -> Void = { _ in },
        client adjust: (inout SecureConversationClientConfiguration) -> Void = { _ in }
    ) async throws -> (RecordingTransport, SOAPEnvelope) {
        var serviceConfiguration = Fixtures.serviceConfiguration(clock: clock)
        change(&serviceConfiguration)
        let transport = RecordingTransport(service: Fixtures.helloService(serviceConfiguration))
        var clientConfiguration = Fixtures.clientConfiguration(version: version, clock: clock)
        adjust(&clientConfiguration)
        let client = SecureConversationClient(configuration: clientConfiguration, transport: transport)
        try await client.establish()
        let response = try await client.send(Fixtures.hello("options", version: clientConfiguration.soapVersion), action: Fixtures.helloAction)
        #expect(Fixtures.greeting(response)?.hasPrefix("Hello, options") == true)
        return (transport, response)
    }

    static func lastRequest(_ transport: RecordingTransport) throws -> String {
        String(decoding: try #require(transport.requests.last), as: UTF8.self)
    }

    @Test(arguments: SecureConversationVersion.allCases)
    func tokenCarriedInTheMessageIsReferencedByItsId(_ version: SecureConversationVersion) async throws {
        let (transport, _) = try await roundTrip(version: version, client: { $0.includeContextToken = true })
        let envelope = try SOAPEnvelope(parsing: try #require(transport.requests.last))
        let security = try #require(try envelope.securityHeader())
        let token = try #require(security.firstChild("SecurityContextToken", version.namespace))
        let id = try #require(token.attribute("Id", WSSNamespace.utility))
        let references = security.children.filter { $0.localName == "DerivedKeyToken" }
            .compactMap { $0.firstDescendant(namedAnyOf: [QName(WSSNamespace.secext, "Reference")])?.attribute("URI") }
        #expect(references == ["#" + id, "#" + id])
    }

    @Test func referencesByIdentifierHaveNoHash() async throws {
        let (transport, _) = try await roundTrip()
        let request = try Self.lastRequest(transport)
        #expect(request.contains(#"URI="urn:uuid:"#))
        #expect(request.contains("ValueType=\"\(SecureConversationVersion.v13.tokenType.rawValue)\""))
        #expect(!request.contains("SecurityContextToken"))
    }

    @Test(arguments: [
        (MessageProtection.basic256, "hmac-sha1", "aes256-cbc"),
        (.basic128, "hmac-sha1", "aes128-cbc"),
        (.basic256Sha256, "hmac-sha256", "aes256-cbc"),
        (.basic128Sha256, "hmac-sha256", "aes128-cbc"),
        (
            {
                var gcm = MessageProtection.basic256Sha256; gcm.encryptionAlgorithm = .aes256GCM; return gcm
            }(), "hmac-sha256", "aes256-gcm"
        ),
        (
            {
                var gcm = MessageProtection.basic128; gcm.encryptionAlgorithm = .aes128GCM; return gcm
            }(), "hmac-sha1", "aes128-gcm"
        ),
    ])
    func algorithmSuites(_ protection: MessageProtection, _ signature: String, _ encryption: String) async throws {
        let (transport, _) = try await roundTrip(service: { $0.responseProtection = protection }, client: { $0.protection = protection })
        let request = try Self.lastRequest(transport)
        #expect(request.contains("#\(signature)\""))
        #expect(request.contains("#\(encryption)\""))
        #expect(request.contains("<wsc:Length>\(protection.signatureKeyLength)</wsc:Length>"))
        #expect(request.contains("<wsc:Length>\(protection.encryptionAlgorithm.keyLength)</wsc:Length>"))
    }

    @Test func signatureConfirmationEchoesTheRequestSignature() async throws {
        let (_, response) = try await roundTrip(service: { $0.signatureConfirmation = true }, client: { $0.requireSignatureConfirmation = true })
        let security = try #require(try response.securityHeader())
        #expect(security.firstChild("SignatureConfirmation", WSSNamespace.secext11) != nil)
    }

    @Test func missingSignatureConfirmationIsRejected() async throws {
        await #expect(throws: SecureConversationError(.responseRejected, "")) {
            _ = try await roundTrip(client: { $0.requireSignatureConfirmation = true })
        }
    }

    @Test(arguments: SecureConversationVersion.allCases)
    func soap11(_ version: SecureConversationVersion) async throws {
        let (transport, response) = try await roundTrip(version: version, client: { $0.soapVersion = .v11 })
        #expect(response.version == .v11)
        #expect(try Self.lastRequest(transport).contains(SOAPVersion.v11.namespace))
    }

    @Test func amendIsRefusedWithAReason() async throws {
        let transport = RecordingTransport(service: Fixtures.helloService(Fixtures.serviceConfiguration(clock: clock)))
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13, clock: clock), transport: transport)
        try await client.establish()
        await #expect {
            let envelope = SOAPEnvelope(version: .v12)
            var rst = RequestSecurityToken(version: .v13, requestType: .issue)
            rst.tokenType = SecureConversationVersion.v13.tokenType
            rst.write(into: envelope.body)
            _ = try await client.send(envelope, action: SecureConversationVersion.v13.requestAction(.amend))
        } throws: { error in
            (error as? SecureConversationError)?.fault?.subcode == QName(WSTrustVersion.v13.namespace, "RequestFailed")
        }
    }

    @Test func renewOfAnotherContextIsRefused() async throws {
        let transport = RecordingTransport(service: Fixtures.helloService(Fixtures.serviceConfiguration(clock: clock)))
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13, clock: clock), transport: transport)
        try await client.establish()
        await #expect {
            let envelope = SOAPEnvelope(version: .v12)
            var rst = RequestSecurityToken(version: .v13, requestType: .cancel)
            let holder = XMLDocument(rootLocalName: "Target", namespace: nil)
            rst.target = SecurityTokenReference.write(
                .reference(
                    uri: SecurityContextToken.newIdentifier(),
                    valueType: SecureConversationVersion.v13.tokenType.rawValue), into: holder.root)
            rst.write(into: envelope.body)
            _ = try await client.send(envelope, action: SecureConversationVersion.v13.requestAction(.cancel))
        } throws: { error in
            (error as? SecureConversationError)?.fault?.subcode == QName(WSTrustVersion.v13.namespace, "InvalidRequest")
        }
        // The client's own context is untouched.
        #expect(Fixtures.greeting(try await client.send(Fixtures.hello("still"), action: Fixtures.helloAction)) != nil)
    }

    @Test func renewalIsEncryptedEvenWhenApplicationBodiesAreNot() async throws {
        var serviceConfiguration = Fixtures.serviceConfiguration(clock: clock)
        serviceConfiguration.applicationPolicy.requireEncryptedBody = false
        serviceConfiguration.responseProtection.encryptBody = false
        let transport = RecordingTransport(service: Fixtures.helloService(serviceConfiguration))
        var clientConfiguration = Fixtures.clientConfiguration(version: .v13, clock: clock)
        clientConfiguration.protection.encryptBody = false
        clientConfiguration.responsePolicy.requireEncryptedBody = false
        let client = SecureConversationClient(configuration: clientConfiguration, transport: transport)
        try await client.establish()
        _ = try await client.send(Fixtures.hello("visible"), action: Fixtures.helloAction)
        #expect(try Self.lastRequest(transport).contains("visible"))
        try await client.renew()
        let renewal = try Self.lastRequest(transport)
        #expect(renewal.contains("EncryptedData") && !renewal.contains("BinarySecret"), "the renewal's entropy travelled in the clear")
        #expect(Fixtures.greeting(try await client.send(Fixtures.hello("renewed"), action: Fixtures.helloAction)) != nil)
    }

    @Test func failingStoreIsAReceiverFault() async throws {
        let service = Fixtures.helloService(Fixtures.serviceConfiguration(clock: clock, keeping: .stateful(FailingStore())))
        let client = SecureConversationClient(
            configuration: Fixtures.clientConfiguration(version: .v13, clock: clock),
            transport: InProcessSOAPTransport(service: service))
        await #expect { try await client.establish() } throws: { error in
            (error as? SecureConversationError)?.fault?.code == .receiver
        }
    }
}

/// A store that is down.
struct FailingStore: SecurityContextStore {
    struct Down: Error {}
    func save(_ record: SecurityContextRecord) async throws { throw Down() }
    func context(identifier: String) async throws -> SecurityContextRecord? { throw Down() }
    func replace(_ current: SecurityContextRecord, with updated: SecurityContextRecord) async throws -> Bool { throw Down() }
    func cancel(identifier: String) async throws -> Bool { throw Down() }
    func purge(expiredBefore cutoff: Date) async throws -> Int { throw Down() }
}
