import Foundation
import SOAP
import TesseraCrypto
import Testing
import WSSecurity
import XMLCore
@testable import SecureConversation

/// What the context message protector refuses about the IDs of the parts it signs: a receiver
/// resolving `#id` must find the element that was digested (XML-DSig §4.4.3.3), whatever IDs
/// the message it is given already carries.
@Suite struct ContextSignatureIDTests {
    static func protect(_ envelope: SOAPEnvelope) throws {
        AddressingHeaders(to: "https://service.example/hello", action: Fixtures.helloAction, messageID: AddressingHeaders.newMessageID())
            .write(toSecured: envelope)
        let token = SecurityContextToken(version: .v13, identifier: SecurityContextToken.newIdentifier())
        let protector = ContextMessageProtector(protection: .basic256Sha256, timestampLifetime: 300, clock: .system)
        _ = try protector.protect(envelope, token: token, secret: SecureRandom.bytes(32), includeToken: true, signatureConfirmations: nil)
    }

    @Test func aBodyIDUsedTwiceIsRefused() throws {
        let envelope = Fixtures.hello("twice", version: .v12)
        envelope.body.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "B")
        envelope.addHeaderBlock("Extension", "urn:example:decoy", prefix: "x").setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "B")
        #expect(throws: (any Error).self) { try Self.protect(envelope) }
    }

    @Test func aBodyIDThatIsNotAnXMLNameIsRefused() throws {
        let envelope = Fixtures.hello("xpointer", version: .v12)
        envelope.body.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "xpointer(id('B'))")
        #expect(throws: WSSecurityError.self) { try Self.protect(envelope) }
    }

    @Test func aBodysValidIDIsKept() throws {
        let envelope = Fixtures.hello("kept", version: .v12)
        envelope.body.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "client-body")
        try Self.protect(envelope)
        #expect(String(decoding: envelope.serialize(), as: UTF8.self).contains("URI=\"#client-body\""))
    }
}
