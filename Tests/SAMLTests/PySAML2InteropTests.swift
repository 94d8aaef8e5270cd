import Foundation
import SAML
import SecurityCore
import Testing
import WSSecurity
import TesseraTestSupport

/// Tessera-signed SAML 2.0 assertions through pysaml2's relying-party checks
/// (scripts/interop/pysaml2_check.py: signature profile, schema, xmlsec1 verification pinned
/// to the STS certificate, conditions against the real clock, subject confirmation).
/// pysaml2 bundles no schema for the delegation profile, so ActAs tokens are checked by
/// signxml and xmlsec1 only.
@Suite(.tags(.interop), .enabled(if: Interop.python != nil && Interop.xmlsec1 != nil, "\(Interop.pythonMissing); pysaml2 also needs /usr/bin/xmlsec1"))
struct PySAML2InteropTests {
    static var now: Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }

    func check(
        _ assertion: SAML2.Assertion, signer: X509Credential = Fixtures.sts,
        audience: String = Fixtures.audience
    ) async throws -> ProcessResult {
        let bytes = try SAMLAssertionSigner(credential: signer).signedDocument(assertion).serialize()
        let file = try Interop.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try await Interop.runScript(
            "pysaml2_check.py",
            [
                file, Fixtures.path("sts.cert.pem"), audience,
                "--timeslack", "60", "--xmlsec1", Interop.xmlsec1?.path ?? "xmlsec1",
            ])
    }

    @Test(arguments: ["sender-vouches", "bearer", "holder-of-key", "holder-of-key symmetric"])
    func assertionPassesPySAML2(_ shape: String) async throws {
        let now = Self.now
        let assertion: SAML2.Assertion =
            switch shape {
            case "sender-vouches": Samples.senderVouches(now)
            case "bearer": Samples.bearer(now)
            case "holder-of-key": Samples.holderOfKey(now)
            default:
                Samples.holderOfKey(
                    now,
                    key: .encryptedKey(
                        try SAMLEncryptedKey.encrypting(
                            Array(repeating: 7, count: 32),
                            for: Fixtures.service.certificate)))
            }
        let result = try await check(assertion)
        #expect(result.status == 0, "\(shape): \(result.stderr.prefix(2000))")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "OK \(assertion.id)")
    }

    @Test func signatureByAnotherKeyFailsThePinnedCheck() async throws {
        let result = try await check(Samples.senderVouches(Self.now), signer: Fixtures.untrusted)
        #expect(result.status == 1)
        #expect(result.stderr.contains("verify_signature"), "\(result.stderr.prefix(500))")
    }

    @Test func wrongAudienceFails() async throws {
        let result = try await check(Samples.senderVouches(Self.now), audience: "http://testHost/OtherService")
        #expect(result.status == 1)
        #expect(result.stderr.contains("condition_ok"), "\(result.stderr.prefix(500))")
    }

    @Test func expiredAssertionFails() async throws {
        let result = try await check(Samples.senderVouches(Self.now.addingTimeInterval(-3600)))
        #expect(result.status == 1)
        #expect(result.stderr.contains("condition_ok"), "\(result.stderr.prefix(500))")
    }
}
