import Foundation
import SAML
import Testing
import XMLCore
import XMLSecurity

/// `saml2:EncryptedAssertion` for the relying party's certificate (saml-core §2.3.4).
struct EncryptedAssertionTests {
    @Test(arguments: [BlockEncryptionAlgorithm.aes256GCM, .aes256CBC])
    func encryptedAssertionDecryptsAndValidates(_ algorithm: BlockEncryptionAlgorithm) async throws {
        let original = Samples.senderVouches()
        let signed = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(original)
        var options = SAML2.EncryptedAssertion.Options(recipient: Fixtures.service.certificate)
        options.algorithm = algorithm
        let encrypted = try SAML2.EncryptedAssertion.encrypt(signed.root, options: options)
        let bytes = encrypted.document.serialize()
        #expect(!bytes.utf8String.contains("jdoe"), "the plaintext leaks")
        let xenc = XMLSecurityNamespace.xenc
        let data = try #require(encrypted.firstChild("EncryptedData", xenc))
        #expect(data.attribute("Type") == "http://www.w3.org/2001/04/xmlenc#Element")
        #expect(data.firstChild("EncryptionMethod", xenc)?.attribute("Algorithm") == algorithm.uri)
        #expect(data.firstChild("KeyInfo", XMLSecurityNamespace.ds)?.firstChild("EncryptedKey", xenc) != nil)

        let received = try XMLDocument(parsing: bytes)
        let assertion = try SAML2.EncryptedAssertion.decrypt(received.root, privateKey: Fixtures.service.privateKey)
        let validated = try await makeValidator().validate(assertion)
        #expect(validated.assertion == .saml20(original))
    }

    @Test func encryptingInPlaceReplacesTheAssertion() async throws {
        let host = try XMLDocument("<wst:RequestedSecurityToken xmlns:wst=\"http://docs.oasis-open.org/ws-sx/ws-trust/200512\"/>")
        let assertion = try SAMLAssertionSigner(credential: Fixtures.sts).sign(Samples.senderVouches(), into: host.root)
        let encrypted = try SAML2.EncryptedAssertion.encrypt(assertion, options: .init(recipient: Fixtures.service.certificate))
        #expect(host.root.children == [encrypted])
        let received = try XMLDocument(parsing: host.serialize())
        let decrypted = try SAML2.EncryptedAssertion.decrypt(
            try #require(received.root.children.first),
            privateKey: Fixtures.service.privateKey)
        _ = try await makeValidator().validate(decrypted)
    }

    @Test func anotherKeyCannotDecrypt() async throws {
        let signed = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.senderVouches())
        let encrypted = try SAML2.EncryptedAssertion.encrypt(signed.root, options: .init(recipient: Fixtures.service.certificate))
        await expectSAMLError(.decryptionFailed) {
            _ = try SAML2.EncryptedAssertion.decrypt(encrypted, privateKey: Fixtures.gateway.privateKey)
        }
    }

    @Test func tamperedCiphertextFailsUniformly() async throws {
        let signed = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.senderVouches())
        let encrypted = try SAML2.EncryptedAssertion.encrypt(signed.root, options: .init(recipient: Fixtures.service.certificate))
        let value = try #require(
            encrypted.firstChild("EncryptedData", XMLSecurityNamespace.xenc)?
                .firstChild("CipherData", XMLSecurityNamespace.xenc)?.firstChild("CipherValue", XMLSecurityNamespace.xenc))
        var bytes = try #require(Data(base64Encoded: value.trimmedText))
        bytes[bytes.count - 1] ^= 0x01
        value.setText(bytes.base64EncodedString())
        await expectSAMLError(.decryptionFailed) {
            _ = try SAML2.EncryptedAssertion.decrypt(encrypted, privateKey: Fixtures.service.privateKey)
        }
    }
}
