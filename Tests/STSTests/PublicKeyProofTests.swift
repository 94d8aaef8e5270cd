import Foundation
import SAML
import SecurityCore
import SOAP
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore
import XMLSecurity
@testable import STS

/// PublicKey issuance (WS-Trust 1.3 §4.4.3, §9.2 UseKey): the assertion names the key the
/// requestor signed the request with, and a UseKey naming any other key is refused.
struct PublicKeyProofTests {
    let issuing = Issuing(party: Issuing.party(keyTypes: [.bearer, .publicKey]))

    /// A UseKey content element built by `body` in a document of its own.
    static func useKey(_ body: (XMLElement) throws -> Void) rethrows -> XMLElement {
        let holder = XMLDocument(rootLocalName: "UseKey", namespace: WSTrustVersion.v13.namespace, prefix: "wst")
        try body(holder.root)
        return holder.root.children[0]
    }

    static func confirmationKey(_ rstr: RequestSecurityTokenResponse) throws -> SAMLConfirmationKey? {
        let assertion = try SAML2.Assertion(element: try #require(rstr.requestedSecurityToken))
        let confirmation = try #require(assertion.subject?.confirmations.first)
        #expect(confirmation.method == .holderOfKey)
        return confirmation.data?.keys.first
    }

    @Test func useKeyCarryingTheSignersCertificateBindsIt() async throws {
        let useKey = try Self.useKey { try BinarySecurityToken.write(TestPKI.gateway.certificate, into: $0, id: "use-key") }
        let (issuance, rstr, _) = try await issuing.issue(Issuing.request(keyType: .publicKey, useKey: useKey))
        #expect(try Self.confirmationKey(rstr) == .certificate(TestPKI.gateway.certificate))
        #expect(rstr.requestedProofToken == nil)
        #expect(rstr.keyType == .publicKey)
        #expect(issuance.proof.symmetricKey == nil)
    }

    @Test func keyValueOfTheSignersKeyIsNamedByItsCertificate() async throws {
        let useKey = Self.useKey { holder in
            let keyInfo = holder.addChild("KeyInfo", XMLSecurityNamespace.ds, prefix: "ds")
            KeyInfo.writeKeyValue(TestPKI.gateway.privateKey.publicKey, into: keyInfo)
        }
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: .publicKey, useKey: useKey))
        #expect(try Self.confirmationKey(rstr) == .certificate(TestPKI.gateway.certificate))
    }

    @Test func aBareECKeyIsConfirmedAsAKeyValue() async throws {
        let key = TestPKI.ecP256.privateKey.publicKey
        let useKey = Self.useKey { KeyInfo.writeKeyValue(key, into: $0) }  // a bare ds:KeyValue
        let requestor = RequestorKeyFacts(provenKeys: [.init(publicKey: key, certificate: nil)], encryptionCertificate: nil, confidentialChannel: true)
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: .publicKey, useKey: useKey), requestor: requestor)
        #expect(try Self.confirmationKey(rstr) == .keyValue(key))
    }

    /// The key signed, but not with this certificate: the assertion names the key, not a
    /// certificate whose names nobody verified.
    @Test func aCertificateInUseKeyThatDidNotSignIsNotBound() async throws {
        let key = TestPKI.gateway.privateKey.publicKey
        let useKey = try Self.useKey { try BinarySecurityToken.write(TestPKI.gateway.certificate, into: $0, id: "use-key") }
        let requestor = RequestorKeyFacts(provenKeys: [.init(publicKey: key, certificate: nil)], encryptionCertificate: nil, confidentialChannel: true)
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: .publicKey, useKey: useKey), requestor: requestor)
        #expect(try Self.confirmationKey(rstr) == .keyValue(key))
    }

    @Test func thumbprintReferenceToTheSignersCertificate() async throws {
        let thumbprint = try TestPKI.gateway.certificate.thumbprintSHA1
        let useKey = Self.useKey {
            SecurityTokenReference.write(.keyIdentifier(valueType: WSSURI.thumbprintSHA1, value: thumbprint, text: ""), into: $0)
        }
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: .publicKey, useKey: useKey))
        #expect(try Self.confirmationKey(rstr) == .certificate(TestPKI.gateway.certificate))
    }

    @Test func referenceToABinarySecurityTokenInTheMessage() async throws {
        let message = XMLDocument(rootLocalName: "Envelope", namespace: SOAPVersion.v12.namespace, prefix: "S")
        try BinarySecurityToken.write(TestPKI.gateway.certificate, into: message.root, id: "X509-gateway")
        let holder = message.root.addChild("UseKey", WSTrustVersion.v13.namespace, prefix: "wst")
        let useKey = SecurityTokenReference.write(.reference(uri: "#X509-gateway", valueType: WSSURI.x509v3), into: holder)
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: .publicKey, useKey: useKey))
        #expect(try Self.confirmationKey(rstr) == .certificate(TestPKI.gateway.certificate))
    }

    @Test func aKeyThatDidNotSignTheRequestIsRefused() async throws {
        let useKey = try Self.useKey { try BinarySecurityToken.write(TestPKI.untrusted.certificate, into: $0, id: "use-key") }
        await #expect(throws: WSTrustError(.failedAuthentication, "")) {
            _ = try await issuing.issue(Issuing.request(keyType: .publicKey, useKey: useKey))
        }
    }

    @Test func aPublicKeyRequestWithoutUseKeyIsRefused() async throws {
        await #expect(throws: WSTrustError(.invalidRequest, "")) {
            _ = try await issuing.issue(Issuing.request(keyType: .publicKey))
        }
    }

    /// The whole path: the gateway signs an RST whose UseKey carries its certificate, the
    /// WS-Security engine verifies it, and the facts of the signatures over the Body prove the key.
    @Test func provenKeysComeFromTheVerifiedSignaturesOverTheBody() async throws {
        let envelope = SOAPEnvelope(version: .v12)
        let useKey = try Self.useKey { try BinarySecurityToken.write(TestPKI.gateway.certificate, into: $0, id: "use-key") }
        Issuing.request(keyType: .publicKey, useKey: useKey).write(into: envelope.body)
        var builder = SecurityHeaderBuilder()
        builder.signature = .init(credential: TestPKI.gateway)
        try builder.secure(envelope)
        let received = try SOAPEnvelope(parsing: envelope.serialize())
        var inbound = InboundSecurityConfiguration(trustStore: TestPKI.trustStore)
        inbound.replayCache = InMemoryReplayCache()
        let security = try await WSSecurityEngine(configuration: inbound).process(received)
        let facts = RequestorKeyFacts(signatures: security.signatures(covering: received.body), confidentialChannel: false)
        #expect(facts.encryptionCertificate == TestPKI.gateway.certificate)

        let rst = try RequestSecurityToken(element: try #require(received.bodyPayload))
        let (_, rstr, _) = try await issuing.issue(rst, requestor: facts)
        #expect(try Self.confirmationKey(rstr) == .certificate(TestPKI.gateway.certificate))
    }
}
