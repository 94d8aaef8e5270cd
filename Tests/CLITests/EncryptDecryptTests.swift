import Foundation
import SOAP
import Testing
import TesseraTestSupport
import XMLCore

/// `tessera encrypt`, `tessera decrypt`, and sign-then-encrypt verified with decryption.
@Suite(.needsExternalProcesses) struct EncryptDecryptTests {
    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
    }

    func encrypted(_ input: String = Fixtures.envelope, _ extra: [String] = []) async throws -> String {
        let out = scratch.path("encrypted-\(UUID().uuidString).xml")
        let result = try await TesseraProcess.run(["encrypt", "--recipient", Fixtures.cert("service"), "-o", out] + extra + [input])
        #expect(result.status == 0, "encrypt failed: \(result.stderr)")
        return out
    }

    /// The exclusive canonical form of the Body of an envelope.
    func canonicalBody(_ xml: some Collection<UInt8>) throws -> String {
        let envelope = try SOAPEnvelope(parsing: xml)
        return String(decoding: try envelope.document.canonicalize(envelope.body, method: .exclusive), as: UTF8.self)
    }

    @Test(arguments: ["aes128-cbc", "aes256-cbc", "aes128-gcm", "aes256-gcm"])
    func decryptGivesBackTheOriginalBody(algorithm: String) async throws {
        let encrypted = try await encrypted(Fixtures.envelope, ["--algorithm", algorithm])
        let ciphertext = try String(contentsOfFile: encrypted, encoding: .utf8)
        #expect(!ciphertext.contains("TSSR"))
        #expect(ciphertext.contains("xenc:EncryptedKey"))
        #expect(ciphertext.contains("#\(algorithm)\""))

        let result = try await TesseraProcess.run(["decrypt", "--key", Fixtures.key("service"), "--cert", Fixtures.cert("service"), encrypted])
        #expect(result.status == 0, "decrypt failed: \(result.stderr)")
        #expect(result.stdout.contains("<ns1:Symbol>TSSR</ns1:Symbol>"))
        #expect(!result.stdout.contains("EncryptedKey"), "the processed EncryptedKey is removed")
        #expect(try canonicalBody(Array(result.stdout.utf8)) == canonicalBody(Fixtures.bytes("soap/envelope.xml")))
        #expect(result.stderr.contains("decrypted: content of soap:Body"))
    }

    @Test(arguments: ["issuer-serial", "ski", "thumbprint", "bst"])
    func keyTransportAndReferenceFormsDecrypt(form: String) async throws {
        let encrypted = try await encrypted(Fixtures.envelope, ["--key-reference", form, "--key-transport", "rsa-oaep-sha256"])
        let result = try await TesseraProcess.run(["decrypt", "--key", Fixtures.key("service"), "--cert", Fixtures.cert("service"), encrypted])
        #expect(result.status == 0, "decrypt failed: \(result.stderr)")
        #expect(result.stdout.contains("<ns1:Symbol>TSSR</ns1:Symbol>"))
    }

    @Test func decryptWithAnotherKeyIsRefused() async throws {
        let result = try await TesseraProcess.run(["decrypt", "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway"), try encrypted()])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("wsse:SecurityTokenUnavailable: "))
        #expect(result.stdout.isEmpty)
    }

    @Test func tamperedGCMCiphertextIsRefusedWithFailedCheck() async throws {
        let xml = try String(contentsOfFile: try await encrypted(), encoding: .utf8)
        // Flip one Base64 character in the middle of the Body's CipherValue.
        let body = try #require(xml.range(of: "<soap:Body"))
        let value = try #require(xml.range(of: "<xenc:CipherValue>", range: body.upperBound..<xml.endIndex))
        let index = xml.index(value.upperBound, offsetBy: 30)
        let flipped = xml[index] == "A" ? "B" : "A"
        let tampered = try scratch.write(xml.replacingCharacters(in: index...index, with: flipped), to: "tampered.xml")

        let result = try await TesseraProcess.run(["decrypt", "--key", Fixtures.key("service"), "--cert", Fixtures.cert("service"), tampered])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("wsse:FailedCheck: "))
    }

    @Test func signThenEncryptVerifiesWithDecryption() async throws {
        let signed = scratch.path("signed.xml")
        let sign = try await TesseraProcess.run(["sign", "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway"), "-o", signed, Fixtures.envelope])
        #expect(sign.status == 0, "sign failed: \(sign.stderr)")
        let encrypted = try await encrypted(signed, ["--algorithm", "aes128-cbc"])
        #expect(try !String(contentsOfFile: encrypted, encoding: .utf8).contains("TSSR"))

        // Without the decryption key the Body cannot be checked.
        let withoutKey = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, encrypted])
        #expect(withoutKey.status == 1)
        #expect(withoutKey.stderr.hasPrefix("wsse:SecurityTokenUnavailable: "))

        let plaintext = scratch.path("plaintext.xml")
        let result = try await TesseraProcess.run([
            "verify", "--trust", Fixtures.ca, "--key", Fixtures.key("service"), "--cert", Fixtures.cert("service"),
            "--require-encrypted", "body", "-o", plaintext, encrypted,
        ])
        #expect(result.status == 0, "verify failed: \(result.stderr)")
        #expect(result.stdout.contains("signed: soap:Body (wsu:Id=\"Body\")"))
        #expect(result.stdout.contains("decrypted: content of soap:Body (wsu:Id=\"Body\") (aes128-cbc)"))
        #expect(try scratch.read("plaintext.xml").contains("<ns1:Symbol>TSSR</ns1:Symbol>"))

        // A signed message that was not encrypted fails --require-encrypted.
        let notEncrypted = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, "--require-encrypted", "body", signed])
        #expect(notEncrypted.status == 1)
        #expect(notEncrypted.stderr.contains("must be encrypted"))
    }

    @Test func decryptKeepsTheSignatureSoTheResultStillVerifies() async throws {
        let signed = scratch.path("signed.xml")
        #expect(
            try await TesseraProcess.run(["sign", "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway"), "-o", signed, Fixtures.envelope]).status
                == 0)
        let decrypt = try await TesseraProcess.run(["decrypt", "--key", Fixtures.key("service"), "--cert", Fixtures.cert("service"), try encrypted(signed)])
        #expect(decrypt.status == 0, "decrypt failed: \(decrypt.stderr)")
        #expect(decrypt.stdout.contains("ds:Signature"))
        #expect(!decrypt.stdout.contains("EncryptedKey"))

        let verify = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, "-"], stdin: Array(decrypt.stdout.utf8))
        #expect(verify.status == 0, "verify failed: \(verify.stderr)")
        #expect(verify.stdout.contains("signed: soap:Body"))
        #expect(!verify.stdout.contains("decrypted:"))
    }

    @Test func decryptingAMessageWithNothingEncryptedIsRefused() async throws {
        let result = try await TesseraProcess.run(["decrypt", "--key", Fixtures.key("service"), "--cert", Fixtures.cert("service"), Fixtures.envelope])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nothing"))
        #expect(result.stdout.isEmpty)
    }
}
