import Foundation
import Testing
import TesseraTestSupport

/// `tessera keygen` creates keys and certificates the other commands accept.
@Suite(.needsExternalProcesses) struct KeygenTests {
    @Test func issuedLeafSignsAndVerifiesUnderItsCA() async throws {
        let scratch = try Scratch()
        let ca = try await TesseraProcess.run(["keygen", "--out", scratch.path("pki"), "--name", "dev-ca", "--ca"])
        #expect(ca.status == 0, "keygen failed: \(ca.stderr)")
        #expect(ca.stdout == "\(scratch.path("pki/dev-ca.key.pem"))\n\(scratch.path("pki/dev-ca.cert.pem"))\n")
        let keyAttributes = try FileManager.default.attributesOfItem(atPath: scratch.path("pki/dev-ca.key.pem"))
        #expect((keyAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let leaf = try await TesseraProcess.run([
            "keygen", "--out", scratch.path("pki"), "--name", "alice",
            "--ca-key", scratch.path("pki/dev-ca.key.pem"), "--ca-cert", scratch.path("pki/dev-ca.cert.pem"),
        ])
        #expect(leaf.status == 0, "keygen failed: \(leaf.stderr)")

        let signed = scratch.path("signed.xml")
        let sign = try await TesseraProcess.run([
            "sign", "--key", scratch.path("pki/alice.key.pem"), "--cert", scratch.path("pki/alice.cert.pem"), "-o", signed, Fixtures.envelope,
        ])
        #expect(sign.status == 0, "sign failed: \(sign.stderr)")
        let verify = try await TesseraProcess.run(["verify", "--trust", scratch.path("pki/dev-ca.cert.pem"), signed])
        #expect(verify.status == 0, "verify failed: \(verify.stderr)")
        #expect(verify.stdout.contains("CN=alice"))

        let otherCA = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, signed])
        #expect(otherCA.status == 1)
        #expect(otherCA.stderr.hasPrefix("wsse:FailedAuthentication: "))
    }

    @Test func selfSignedECKeyIsTrustedWhenPinned() async throws {
        let scratch = try Scratch()
        let result = try await TesseraProcess.run(["keygen", "--out", scratch.path("pki"), "--name", "bob", "--key-type", "p256"])
        #expect(result.status == 0, "keygen failed: \(result.stderr)")
        let signed = scratch.path("signed.xml")
        #expect(
            try await TesseraProcess.run([
                "sign", "--key", scratch.path("pki/bob.key.pem"), "--cert", scratch.path("pki/bob.cert.pem"), "-o", signed, Fixtures.envelope,
            ]).status == 0)
        let verify = try await TesseraProcess.run(["verify", "--pin", scratch.path("pki/bob.cert.pem"), signed])
        #expect(verify.status == 0, "verify failed: \(verify.stderr)")
        #expect(verify.stdout.contains("signature: ecdsa-sha256 by CN=bob"))

        let again = try await TesseraProcess.run(["keygen", "--out", scratch.path("pki"), "--name", "bob"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("--force"))
    }
}
