import Foundation
import SecurityCore
import SOAP
import Testing
import TesseraCrypto
import XMLCore
import XMLSecurity
@testable import WSSecurity

/// Requests signed by the gateway and encrypted for the service (WSS 1.1 sign-then-encrypt
/// layout: Timestamp, BST, EncryptedKey, Signature).
struct EncryptedMessageTests {
    func protected(
        algorithm: BlockEncryptionAlgorithm = .aes256CBC, transport: KeyTransportAlgorithm = .rsaOAEPSHA1,
        form: KeyReferenceForm = .issuerSerial, parts: [SecurityHeaderBuilder.Part] = [.body],
        extraHeader: Bool = false
    ) throws -> SOAPEnvelope {
        let envelope = Fixtures.envelope()
        if extraHeader {
            envelope.addHeaderBlock("Secret", "urn:example:secret", prefix: "s").setText("header secret")
        }
        var builder = SecurityHeaderBuilder()
        builder.signature = .init(credential: Fixtures.gateway)
        var encryption = SecurityHeaderBuilder.EncryptionOptions(recipient: Fixtures.service.certificate)
        encryption.algorithm = algorithm
        encryption.keyTransport = transport
        encryption.keyReference = form
        encryption.parts = parts
        builder.encryption = encryption
        try builder.secure(envelope)
        return try Fixtures.received(envelope)
    }

    static let suites: [(BlockEncryptionAlgorithm, KeyTransportAlgorithm)] = [
        (.aes128CBC, .rsaOAEPSHA1), (.aes256CBC, .rsaOAEPSHA1), (.aes128GCM, .rsaOAEPSHA256), (.aes256GCM, .rsaOAEPSHA1),
    ]

    @Test(arguments: suites.indices)
    func bodyIsDecryptedAndSignatureVerified(_ index: Int) async throws {
        let (algorithm, transport) = Self.suites[index]
        let envelope = try protected(algorithm: algorithm, transport: transport)
        #expect(!String(decoding: envelope.serialize(), as: UTF8.self).contains("jdoe"))
        var policy = SecurityPolicy()
        policy.encryptedParts = [.body]
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound(), policy: policy).process(envelope)
        #expect(envelope.body.descendantsAndSelf.contains { $0.localName == "name" && $0.text == "jdoe" })
        #expect(result.isContentEncrypted(envelope.body))
        #expect(result.authenticatedCertificate == Fixtures.gateway.certificate)
        #expect(result.decryptions.first?.algorithm == algorithm)
    }

    @Test(arguments: [KeyReferenceForm.issuerSerial, .subjectKeyIdentifier, .thumbprintSHA1, .binarySecurityToken])
    func recipientIsFoundByEveryReferenceForm(_ form: KeyReferenceForm) async throws {
        let envelope = try protected(form: form)
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(envelope)
        #expect(result.decryptions.count == 1)
    }

    @Test func encryptedHeaderIsRestored() async throws {
        let envelope = try protected(parts: [.body, .header(QName("urn:example:secret", "Secret"))], extraHeader: true)
        #expect(envelope.headerBlocks.contains { $0.localName == "EncryptedHeader" })
        var policy = SecurityPolicy()
        policy.encryptedParts = [.body, .header(QName("urn:example:secret", "Secret"))]
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound(), policy: policy).process(envelope)
        let secret = try #require(envelope.headerBlocks.first { $0.localName == "Secret" })
        #expect(secret.text == "header secret")
        #expect(result.isEncrypted(secret))
    }

    /// The decrypted Body brings an ID that a header block already carries: the ID index, which
    /// the EncryptedKey's reference to the EncryptedData built, refuses the message as
    /// ambiguous (a signature reference could then mean either element).
    @Test(arguments: ["elsewhere", "dup"])
    func decryptedContentRepeatingAnIDIsRefused(_ headerID: String) async throws {
        let envelope = Fixtures.envelope()
        envelope.bodyPayload?.addChild("marker", "urn:example:hello", prefix: "h").setAttribute(
            "Id", WSSNamespace.utility, prefix: "wsu", value: "dup")
        var builder = SecurityHeaderBuilder()
        builder.signature = .init(credential: Fixtures.gateway)
        builder.encryption = SecurityHeaderBuilder.EncryptionOptions(recipient: Fixtures.service.certificate)
        try builder.secure(envelope)
        // Added after signing and encrypting, as an attacker in the path could.
        envelope.addHeaderBlock("Extra", "urn:example:extra", prefix: "x").setAttribute(
            "Id", WSSNamespace.utility, prefix: "wsu", value: headerID)
        let received = try Fixtures.received(envelope)
        let engine = WSSecurityEngine(configuration: Fixtures.inbound())
        if headerID == "dup" {
            let error = try await #require(throws: WSSecurityError.self) { _ = try await engine.process(received) }
            #expect(error.code == .invalidSecurity)
            #expect(error.reason.contains("more than once"), "\(error.reason)")
        } else {
            #expect(try await engine.process(received).decryptions.count == 1)
        }
    }

    @Test func plaintextBodyFailsAnEncryptionRequirement() async throws {
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.signature = .init(credential: Fixtures.gateway)
        try builder.secure(envelope)
        var policy = SecurityPolicy()
        policy.encryptedParts = [.body]
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound(), policy: policy).process(try Fixtures.received(envelope))
        }
        #expect(error.code == .invalidSecurity)
    }

    @Test func messageForSomeoneElseIsRefused() async throws {
        let envelope = try protected()
        var configuration = Fixtures.inbound()
        configuration.decryptionCredentials = [Fixtures.credential("sts")]
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: configuration).process(envelope)
        }
        #expect(error.code == .securityTokenUnavailable)
    }

    @Test func truncatedCiphertextFailsTheCheck() async throws {
        let envelope = try protected()
        let cipherValue = try #require(envelope.body.descendantsAndSelf.first { $0.localName == "CipherValue" })
        cipherValue.setText(String(cipherValue.text.prefix(24)))
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(envelope)
        }
        #expect(error.code == .failedCheck)
    }

    @Test func rsaV15KeyTransportIsRefused() async throws {
        let envelope = try protected()
        let method = try #require(
            envelope.header?.descendantsAndSelf.first {
                $0.localName == "EncryptionMethod" && $0.parent?.localName == "EncryptedKey"
            })
        method.setAttribute("Algorithm", value: KeyTransportAlgorithm.rsa15URI)
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(envelope)
        }
        #expect(error.code == .unsupportedAlgorithm)
    }
}
