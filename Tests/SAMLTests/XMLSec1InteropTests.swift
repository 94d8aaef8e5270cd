import Foundation
import SAML
import Testing
import XMLCore
import XMLSecurity
import TesseraTestSupport

/// xmlsec1 (the C reference implementation) verifies Tessera's SAML 1.1 and 2.0 signatures
/// with only the STS certificate's key, and decrypts Tessera's EncryptedAssertion with the
/// relying party's key (scripts/interop/README.md, command lines (a) and (c)).
@Suite(.tags(.interop), .enabled(if: Interop.xmlsec1 != nil, "xmlsec1 is not installed (scripts/test installs it at /usr/bin/xmlsec1)"))
struct XMLSec1InteropTests {
    func xmlsec1(_ arguments: [String]) async throws -> ProcessResult {
        try await runProcess(try #require(Interop.xmlsec1), arguments)
    }

    func verify(_ bytes: [UInt8], idAttribute: String, element: String, certificate: String = "sts") async throws -> ProcessResult {
        let file = try Interop.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try await xmlsec1([
            "--verify", "--pubkey-cert-pem", Fixtures.path("\(certificate).cert.pem"),
            "--enabled-key-data", "key-name", "--verification-gmt-time", "2030-01-01+00:00:00",
            "--id-attr:\(idAttribute)", element, file,
        ])
    }

    @Test func saml11SignatureVerifies() async throws {
        let bytes = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.saml11()).serialize()
        let element = "urn:oasis:names:tc:SAML:1.0:assertion:Assertion"
        let result = await try verify(bytes, idAttribute: "AssertionID", element: element)
        #expect(result.status == 0, "\(result.stderr)")
        await #expect(try verify(bytes, idAttribute: "AssertionID", element: element, certificate: "untrusted").status != 0)
    }

    @Test func saml20SignatureVerifies() async throws {
        let bytes = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.actAs()).serialize()
        let element = "urn:oasis:names:tc:SAML:2.0:assertion:Assertion"
        let result = await try verify(bytes, idAttribute: "ID", element: element)
        #expect(result.status == 0, "\(result.stderr)")
        await #expect(try verify(bytes, idAttribute: "ID", element: element, certificate: "untrusted").status != 0)
    }

    @Test(arguments: [BlockEncryptionAlgorithm.aes256GCM, .aes256CBC])
    func encryptedAssertionDecryptsWithXMLSec1(_ algorithm: BlockEncryptionAlgorithm) async throws {
        let assertion = Samples.senderVouches()
        let signed = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(assertion)
        var options = SAML2.EncryptedAssertion.Options(recipient: Fixtures.service.certificate)
        options.algorithm = algorithm
        let encrypted = try SAML2.EncryptedAssertion.encrypt(signed.root, options: options)
        let file = try Interop.temporaryFile(encrypted.document.serialize())
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try await xmlsec1([
            "--decrypt", "--privkey-pem", Fixtures.path("service.key.pem"),
            "--trusted-pem", Fixtures.path("ca.cert.pem"), file,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // xmlsec1's plaintext, put back into the EncryptedAssertion, is the signed assertion.
        let decrypted = try XMLDocument(parsing: Array(result.stdout.utf8))
        let inner = try #require(decrypted.root.firstChild("Assertion", SAMLNamespace.assertion20))
        let validated = try await makeValidator().validate(inner)
        #expect(validated.assertion == .saml20(assertion))

        let wrongKey = try await xmlsec1([
            "--decrypt", "--privkey-pem", Fixtures.path("gateway.key.pem"),
            "--trusted-pem", Fixtures.path("ca.cert.pem"), file,
        ])
        #expect(wrongKey.status != 0)
    }
}
