import Foundation
import SAML
import Testing
import XMLCore
import TesseraTestSupport

/// Tessera-signed assertions verified by signxml (lxml C14N, `cryptography`), trusting exactly
/// the STS certificate (scripts/interop/signxml_verify.py).
@Suite(.tags(.interop), .enabled(if: Interop.python != nil, "\(Interop.pythonMissing)"))
struct SignxmlInteropTests {
    /// Whole seconds of the real clock: signxml checks the certificate's validity against now.
    static var now: Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }

    func verify(_ bytes: [UInt8], certificate: String = "sts", idAttribute: String) async throws -> ProcessResult {
        let file = try Interop.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try await Interop.runScript("signxml_verify.py", [file, Fixtures.path("\(certificate).cert.pem"), "--id-attribute", idAttribute])
    }

    @Test(arguments: ["sender-vouches", "bearer", "holder-of-key", "holder-of-key symmetric", "ActAs"])
    func saml20AssertionVerifies(_ shape: String) async throws {
        let now = Self.now
        let assertion: SAML2.Assertion =
            switch shape {
            case "sender-vouches": Samples.senderVouches(now)
            case "bearer": Samples.bearer(now)
            case "holder-of-key": Samples.holderOfKey(now)
            case "holder-of-key symmetric":
                Samples.holderOfKey(
                    now,
                    key: .encryptedKey(
                        try SAMLEncryptedKey.encrypting(
                            Array(repeating: 7, count: 32),
                            for: Fixtures.service.certificate)))
            default: Samples.actAs(now)
            }
        let bytes = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(assertion).serialize()
        let result = try await verify(bytes, idAttribute: "ID")
        #expect(result.status == 0, "\(shape): \(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "{urn:oasis:names:tc:SAML:2.0:assertion}Assertion")

        let other = try await verify(bytes, certificate: "untrusted", idAttribute: "ID")
        #expect(other.status == 1, "\(shape) verified with another certificate")
    }

    @Test func saml11AssertionVerifiesWithAssertionID() async throws {
        let bytes = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.saml11(Self.now)).serialize()
        let result = try await verify(bytes, idAttribute: "AssertionID")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "{urn:oasis:names:tc:SAML:1.0:assertion}Assertion")
    }

    /// The assertion inserted into a SOAP body, with its own namespace declarations, still
    /// verifies when cut out and checked alone: its bytes can be forwarded verbatim.
    @Test func forwardedAssertionBytesVerify() async throws {
        let host = try XMLDocument(
            """
            <S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion"><S:Body/></S:Envelope>
            """)
        let inserted = try SAMLAssertionSigner(credential: Fixtures.sts).sign(Samples.actAs(Self.now), into: try #require(host.root.children.first))
        let result = try await verify(host.serialize(inserted), idAttribute: "ID")
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func tamperedAssertionFails() async throws {
        let bytes = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.senderVouches(Self.now)).serialize()
        let tampered = Array(bytes.utf8String.replacingOccurrences(of: ">jdoe<", with: ">root<").utf8)
        #expect(tampered != bytes)
        let result = try await verify(tampered, idAttribute: "ID")
        #expect(result.status == 1)
    }
}
