import Foundation
import SOAP
import Testing
import TesseraTestSupport
import WSSecurity
import XMLCore

/// `tessera verify` on a signature whose SecurityTokenReference carries the signing certificate
/// itself in a `wsse:KeyIdentifier` of ValueType `#X509v3` (the form WSS4J's
/// `X509KeyIdentifier` writes): the certificate is trusted as an embedded one is, when it chains
/// to a `--trust` anchor or is `--pin`ned, and refused otherwise.
@Suite(.needsExternalProcesses) struct X509KeyIdentifierVerifyTests {
    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
    }

    /// The fixture envelope signed by `signer` with `tessera sign`, its BinarySecurityToken
    /// moved into the signature's KeyInfo as an X509v3 KeyIdentifier; the path of the result.
    func signedWithX509KeyIdentifier(by signer: String) async throws -> String {
        let out = scratch.path("signed-\(signer).xml")
        let signing = try await TesseraProcess.run(["sign", "--key", Fixtures.key(signer), "--cert", Fixtures.cert(signer), "-o", out, Fixtures.envelope])
        try #require(signing.status == 0, "sign failed: \(signing.stderr)")

        let envelope = try SOAPEnvelope(parsing: Array(try scratch.read("signed-\(signer).xml").utf8))
        let security = try #require(try envelope.securityHeader())
        let token = try #require(security.firstChild("BinarySecurityToken", WSSNamespace.secext))
        let reference = try #require(security.firstDescendant(namedAnyOf: [QName(WSSNamespace.secext, "SecurityTokenReference")]))
        reference.removeAllChildren()
        let identifier = reference.addChild("KeyIdentifier", WSSNamespace.secext, prefix: "wsse")
        identifier.setAttribute("ValueType", value: WSSURI.x509v3)
        identifier.setAttribute("EncodingType", value: WSSURI.base64Binary)
        identifier.setText(token.trimmedText)
        token.remove()
        return try scratch.write(String(decoding: envelope.serialize(), as: UTF8.self), to: "key-identifier-\(signer).xml")
    }

    @Test func certificateChainingToAnAnchorVerifies() async throws {
        let result = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, try signedWithX509KeyIdentifier(by: "gateway")])
        #expect(result.status == 0, "verify failed: \(result.stderr)")
        #expect(result.stdout.contains("CN=gateway.tessera.test"))
        #expect(result.stdout.contains("signed: soap:Body"))
    }

    @Test func untrustedCertificateIsRefusedUnlessPinned() async throws {
        let signed = try await signedWithX509KeyIdentifier(by: "untrusted")
        let refused = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, signed])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("wsse:FailedAuthentication: "), "\(refused.stderr)")

        let pinned = try await TesseraProcess.run(["verify", "--pin", Fixtures.cert("untrusted"), signed])
        #expect(pinned.status == 0, "verify failed: \(pinned.stderr)")
        #expect(pinned.stdout.contains("CN=untrusted.tessera.test"))
    }
}
