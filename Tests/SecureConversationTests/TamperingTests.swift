import Foundation
import SOAP
import SecureConversation
import Testing
import WSSecurity
import XMLCore
import XMLSecurity

/// Messages under an established context, changed in transit or sent out of turn: each is
/// refused with the fault the specifications name.
@Suite struct TamperingTests {
    let clock = TestClock()
    let transport: RecordingTransport
    let client: SecureConversationClient
    let version: SecureConversationVersion = .v13

    init() async throws {
        var configuration = Fixtures.serviceConfiguration(clock: clock)
        configuration.lifetimes = ContextLifetimePolicy(defaultLifetime: 600, maximumLifetime: 600)
        transport = RecordingTransport(service: Fixtures.helloService(configuration))
        client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: version, clock: clock), transport: transport)
        try await client.establish()
    }

    /// Sends a Hello with `change` applied to the serialized request; returns the fault code.
    func faultCode(tampering change: @escaping @Sendable (SOAPEnvelope) throws -> Void) async throws -> QName? {
        transport.tamper { bytes in
            guard let envelope = try? SOAPEnvelope(parsing: bytes) else { return bytes }
            try? change(envelope)
            return envelope.serialize()
        }
        defer { transport.tamper(with: nil) }
        do {
            _ = try await client.send(Fixtures.hello("tampered"), action: Fixtures.helloAction)
            Issue.record("the tampered request was accepted")
            return nil
        } catch let error as SecureConversationError {
            #expect(error.code == .fault)
            return error.fault?.subcode
        }
    }

    static let failedCheck = QName(WSSNamespace.secext, "FailedCheck")
    static let invalidSecurity = QName(WSSNamespace.secext, "InvalidSecurity")
    static let invalidSecurityToken = QName(WSSNamespace.secext, "InvalidSecurityToken")
    var badContextToken: QName { QName(version.namespace, "BadContextToken") }

    @Test func untamperedRequestPasses() async throws {
        let response = try await client.send(Fixtures.hello("ok"), action: Fixtures.helloAction)
        #expect(Fixtures.greeting(response)?.hasPrefix("Hello, ok") == true)
    }

    @Test func modifiedEncryptedBodyFailsTheCheck() async throws {
        let code = try await faultCode { envelope in
            let value = try #require(envelope.body.firstDescendant(namedAnyOf: [QName(XMLSecurityNamespace.xenc, "CipherValue")]))
            var bytes = [UInt8](Data(base64Encoded: value.trimmedText)!)
            bytes[bytes.count / 2] ^= 0x5A
            value.setText(Data(bytes).base64EncodedString())
        }
        #expect(code == Self.failedCheck)
    }

    @Test func modifiedPlaintextBodyFailsTheCheck() async throws {
        var serviceConfiguration = Fixtures.serviceConfiguration(clock: clock)
        serviceConfiguration.applicationPolicy.requireEncryptedBody = false
        let transport = RecordingTransport(service: Fixtures.helloService(serviceConfiguration))
        var clientConfiguration = Fixtures.clientConfiguration(version: version, clock: clock)
        clientConfiguration.protection.encryptBody = false
        clientConfiguration.responsePolicy.requireEncryptedBody = false
        let client = SecureConversationClient(configuration: clientConfiguration, transport: transport)
        try await client.establish()
        _ = try await client.send(Fixtures.hello("plain"), action: Fixtures.helloAction)
        transport.tamper { Array(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: ">alice<", with: ">mallory<").utf8) }
        await #expect { try await client.send(Fixtures.hello("alice"), action: Fixtures.helloAction) } throws: { error in
            (error as? SecureConversationError)?.fault?.subcode == Self.failedCheck
        }
    }

    @Test func replayedRequestIsRefused() async throws {
        _ = try await client.send(Fixtures.hello("once"), action: Fixtures.helloAction)
        let request = try #require(transport.requests.last)
        let replay = try SOAPEnvelope(parsing: await transport.service.handle(bytes: request, version: .v12, action: Fixtures.helloAction))
        #expect(replay.fault?.subcode == Self.invalidSecurity)
    }

    @Test func reusedDerivedKeyNonceIsRefused() async throws {
        _ = try await client.send(Fixtures.hello("first"), action: Fixtures.helloAction)
        let earlier = try EndToEndTests.nonces(in: try #require(transport.requests.last))
        transport.tamper { bytes in
            guard let envelope = try? SOAPEnvelope(parsing: bytes), let security = try? envelope.securityHeader(),
                let token = security.children.first(where: { $0.localName == "DerivedKeyToken" }),
                let nonce = token.children.first(where: { $0.localName == "Nonce" })
            else { return bytes }
            nonce.setText(earlier[0])
            return envelope.serialize()
        }
        await #expect { try await client.send(Fixtures.hello("second"), action: Fixtures.helloAction) } throws: { error in
            let fault = (error as? SecureConversationError)?.fault
            return fault?.subcode == Self.invalidSecurity && fault?.reason.contains("nonce") == true
        }
    }

    @Test func signatureNamingTheEncryptionKeyFailsTheCheck() async throws {
        let code = try await faultCode { envelope in
            let security = try #require(try envelope.securityHeader())
            let tokens = security.children.filter { $0.localName == "DerivedKeyToken" }
            let encryptionKeyID = try #require(tokens.last?.attribute("Id", WSSNamespace.utility))
            let reference = try #require(
                security.firstChild("Signature", XMLSecurityNamespace.ds)?
                    .firstDescendant(namedAnyOf: [QName(WSSNamespace.secext, "Reference")]))
            reference.setAttribute("URI", value: "#" + encryptionKeyID)
        }
        #expect(code == Self.failedCheck)
    }

    @Test func unknownContextIdentifierIsABadContextToken() async throws {
        let code = try await faultCode { envelope in
            let security = try #require(try envelope.securityHeader())
            for token in security.children where token.localName == "DerivedKeyToken" {
                let reference = try #require(token.firstDescendant(namedAnyOf: [QName(WSSNamespace.secext, "Reference")]))
                reference.setAttribute("URI", value: SecurityContextToken.newIdentifier())
            }
        }
        #expect(code == badContextToken)
    }

    @Test func expiredContextIsABadContextToken() async throws {
        clock.advance(601)
        let code = try await faultCode { _ in }
        #expect(code == badContextToken)
    }

    @Test(arguments: [
        ("Length", "65"), ("Offset", "1025"), ("Generation", "1025"),
    ])
    func oversizedDerivedKeyValuesAreRefused(_ element: String, _ value: String) async throws {
        let code = try await faultCode { envelope in
            let security = try #require(try envelope.securityHeader())
            let token = try #require(security.children.first { $0.localName == "DerivedKeyToken" })
            if element == "Generation", let offset = token.children.first(where: { $0.localName == "Offset" }) {
                offset.remove()
                token.insertChild("Generation", token.namespaceURI, prefix: "wsc", before: token.children.first { $0.localName == "Length" })
                    .setText(value)
            } else {
                try #require(token.children.first { $0.localName == element }).setText(value)
            }
        }
        #expect(code == Self.invalidSecurityToken)
    }

    @Test func addressingHeaderAddedInTransitIsRefused() async throws {
        let code = try await faultCode { envelope in
            // Send faults elsewhere: an unsigned wsa:FaultTo next to the signed headers.
            EndpointReference(address: "https://attacker.example/faults").write(into: envelope.ensureHeader(), as: "FaultTo", version: .v10)
        }
        #expect(code == Self.invalidSecurity)
    }
}
