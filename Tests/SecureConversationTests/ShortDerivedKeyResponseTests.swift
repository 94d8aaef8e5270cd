import Foundation
import SOAP
import SecureConversation
import Synchronization
import TesseraCrypto
import Testing
import WSSecurity
import XMLCore
import XMLSecurity

/// The client's half of the 128-bit floor on derived keys (WS-SecurityPolicy 1.2 §6.1): a
/// response signed under the session's context with a one-byte derived key is refused, even
/// when that byte is the right one.
@Suite struct ShortDerivedKeyResponseTests {
    /// Passes the bootstrap to the service; answers every other request itself, signed with a
    /// one-byte key derived from the context's secret (read from the service's store).
    final class ForgingTransport: SOAPTransport {
        let service: SecureConversationService
        let store: InMemorySecurityContextStore
        init(service: SecureConversationService, store: InMemorySecurityContextStore) {
            self.service = service
            self.store = store
        }

        func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
            guard action != SecureConversationVersion.v13.requestAction(.issue) else {
                return await service.handle(bytes: request, version: version, action: action)
            }
            let envelope = try SOAPEnvelope(parsing: request)
            let identifier = try #require(envelope.document.root.descendantsAndSelf.first { $0.is("Reference", WSSNamespace.secext) }?.attribute("URI"))
            let secret = try #require(store.context(identifier: identifier)).secret
            return try Self.response(to: envelope, context: identifier, secret: secret).serialize()
        }

        static func response(to request: SOAPEnvelope, context: String, secret: [UInt8]) throws -> SOAPEnvelope {
            let version = SecureConversationVersion.v13
            let response = SOAPEnvelope(version: request.version)
            try #require(try AddressingHeaders(reading: request)).reply(action: Fixtures.helloAction + "Response").write(to: response)
            response.body.addChild("HelloResponse", Fixtures.helloNamespace, prefix: "h").setText("Hello, forged")
            let security = try response.ensureSecurityHeader()
            let now = Date()
            var signed = [Timestamp(created: now, expires: now.addingTimeInterval(300)).write(into: security, id: "TS-1"), response.body]
            signed += response.headerBlocks.filter { $0.namespaceURI == WSAddressingVersion.v10.namespace }
            let token = DerivedKeyToken(
                version: version, id: "DK-1", reference: .reference(uri: context, valueType: version.tokenTypeURI),
                position: .offset(0), length: 1, nonce: SecureRandom.bytes(16))
            token.write(into: security)
            let key = PSHA1.derive(secret: secret, seed: token.effectiveLabel + (token.effectiveNonce ?? []), length: 1)
            var references: [SignatureBuilder.Reference] = []
            for (index, element) in signed.enumerated() {
                let id = element.attribute("Id", WSSNamespace.utility) ?? "part-\(index)"
                element.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: id)
                references.append(.init(uri: "#" + id, digestMethod: .sha1))
            }
            try SignatureBuilder(algorithm: .hmacSHA1, references: references).sign(in: security, key: .secret(key)) { keyInfo in
                SecurityTokenReference.write(.reference(uri: "#DK-1", valueType: version.derivedKeyValueType), into: keyInfo)
            }
            return try SOAPEnvelope(parsing: response.serialize())
        }
    }

    @Test func aResponseSignedWithAOneByteDerivedKeyIsRefused() async throws {
        let store = InMemorySecurityContextStore()
        let service = Fixtures.helloService(Fixtures.serviceConfiguration(keeping: .stateful(store)))
        var configuration = Fixtures.clientConfiguration(version: .v13)
        configuration.responsePolicy.requireEncryptedBody = false
        let client = SecureConversationClient(configuration: configuration, transport: ForgingTransport(service: service, store: store))
        try await client.establish()
        await #expect { _ = try await client.send(Fixtures.hello("anyone"), action: Fixtures.helloAction) } throws: { error in
            (error as? SecureConversationError)?.code == .responseRejected
        }
    }
}
