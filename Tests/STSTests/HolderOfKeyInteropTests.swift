import Foundation
import SAML
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore
@testable import STS
import TesseraTestSupport

/// The holder-of-key assertions the STS issues, as received in the RSTR and forwarded alone, pass
/// pysaml2's relying-party checks (signature with the pinned STS key, audience, time, holder-of-key
/// confirmation with a ds:KeyInfo).
@Suite(
    .tags(.interop),
    .enabled(
        if: Interop.python != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/xmlsec1"),
        "TESSERA_PYTHON is not set (run scripts/test); pysaml2 also needs /usr/bin/xmlsec1"))
struct HolderOfKeyInteropTests {
    @Test(arguments: [KeyType.symmetricKey, .publicKey])
    func issuedHolderOfKeyAssertionPassesPySAML2(keyType: KeyType) async throws {
        let issuing = Issuing(party: Issuing.party(keyTypes: [.bearer, .symmetricKey, .publicKey]))
        let holder = XMLDocument(rootLocalName: "UseKey", namespace: WSTrustVersion.v13.namespace, prefix: "wst")
        let useKey = keyType == .publicKey ? try BinarySecurityToken.write(TestPKI.gateway.certificate, into: holder.root, id: "k") : nil
        let entropy =
            keyType == .symmetricKey
            ? Entropy.binarySecret(BinarySecret(value: SecureRandom.bytes(32), type: WSTrustVersion.v13.binarySecretNonce)) : nil
        let (issuance, rstr, envelope) = try await issuing.issue(Issuing.request(keyType: keyType, entropy: entropy, useKey: useKey))
        let assertion = try #require(rstr.requestedSecurityToken)
        let file = try Interop.temporaryFile(envelope.document.serialize(assertion), suffix: ".xml")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try await Interop.run(
            "pysaml2_check.py",
            [
                file, TestPKI.path("sts.cert.pem"), TestPKI.hello,
                "--timeslack", "60", "--xmlsec1", "/usr/bin/xmlsec1",
            ])
        #expect(result.status == 0, "\(result.stderr.prefix(2000))")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "OK \(issuance.token.id)")
    }
}
