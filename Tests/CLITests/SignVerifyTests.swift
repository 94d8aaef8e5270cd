import Foundation
import Testing
import TesseraTestSupport

/// `tessera sign` then `tessera verify` on Tests/TesseraTestSupport/Fixtures/soap/envelope.xml.
@Suite(.needsExternalProcesses) struct SignVerifyTests {
    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
    }

    /// Signs the fixture envelope with `signer`'s key into a file and returns its path.
    func signed(by signer: String = "gateway", _ extra: [String] = []) async throws -> String {
        let out = scratch.path("signed-\(UUID().uuidString).xml")
        let result = try await TesseraProcess.run(
            ["sign", "--key", Fixtures.key(signer), "--cert", Fixtures.cert(signer), "-o", out] + extra + [Fixtures.envelope])
        #expect(result.status == 0, "sign failed: \(result.stderr)")
        #expect(result.stdout.isEmpty, "with -o the envelope goes to the file only")
        return out
    }

    @Test func signedEnvelopeVerifiesAndTheReportNamesSignerAndSignedElements() async throws {
        let signed = try await signed()
        let xml = try String(contentsOfFile: signed, encoding: .utf8)
        #expect(xml.contains("wsse:BinarySecurityToken"))
        #expect(xml.contains("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"))
        #expect(!xml.contains("wsu:Id=\"TS-1\""), "the input's Timestamp is replaced by a fresh one")

        let result = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, signed])
        #expect(result.status == 0, "verify failed: \(result.stderr)")
        #expect(result.stdout.contains("signature: rsa-sha256 by "))
        #expect(result.stdout.contains("CN=gateway.tessera.test"))
        #expect(result.stdout.contains("signed: soap:Body (wsu:Id=\"Body\")"))
        #expect(result.stdout.contains("signed: wsu:Timestamp (wsu:Id=\"TS-"))
        #expect(result.stderr.isEmpty)
    }

    @Test func tamperedBodyIsRefusedWithFailedCheck() async throws {
        let xml = try String(contentsOfFile: try await signed(), encoding: .utf8)
        #expect(xml.contains("<ns1:Symbol>TSSR</ns1:Symbol>"))
        let tampered = try scratch.write(
            xml.replacingOccurrences(of: "<ns1:Symbol>TSSR</ns1:Symbol>", with: "<ns1:Symbol>EVIL</ns1:Symbol>"), to: "tampered.xml")

        let result = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, tampered])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("wsse:FailedCheck: "))
        #expect(result.stderr.contains("#Body"))
        #expect(result.stdout.isEmpty)
    }

    @Test func tamperedTimestampIsRefusedWithFailedCheck() async throws {
        let xml = try String(contentsOfFile: try await signed(), encoding: .utf8)
        // Move Expires forward by a year: still well-formed and fresh, but no longer what was signed.
        let range = try #require(xml.range(of: #"<wsu:Expires>\d{4}"#, options: .regularExpression))
        let year = try #require(Int(xml[range].suffix(4)))
        let tampered = try scratch.write(xml.replacingCharacters(in: range, with: "<wsu:Expires>\(year + 1)"), to: "tampered.xml")

        let result = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, tampered])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("wsse:FailedCheck: "))
    }

    @Test func untrustedSignerIsRefusedWithFailedAuthentication() async throws {
        let result = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, try signed(by: "untrusted")])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("wsse:FailedAuthentication: "))
    }

    @Test func pinnedCertificateIsTrustedWithoutAChain() async throws {
        let result = try await TesseraProcess.run(["verify", "--pin", Fixtures.cert("untrusted"), try signed(by: "untrusted")])
        #expect(result.status == 0, "verify failed: \(result.stderr)")
        #expect(result.stdout.contains("CN=untrusted.tessera.test"))
    }

    @Test(arguments: ["ski", "thumbprint", "issuer-serial"])
    func keyReferenceFormsVerifyWhenTheCertificateIsKnown(form: String) async throws {
        let signed = try await signed(["--key-reference", form])
        #expect(try !String(contentsOfFile: signed, encoding: .utf8).contains("BinarySecurityToken"))

        let unknown = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, signed])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("wsse:SecurityTokenUnavailable: "))

        let known = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, "--known", Fixtures.cert("gateway"), signed])
        #expect(known.status == 0, "verify failed: \(known.stderr)")
        #expect(known.stdout.contains("CN=gateway.tessera.test"))
    }

    @Test func ecdsaKeySignsWithECDSASHA256ByDefault() async throws {
        let result = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, try signed(by: "ec-p256")])
        #expect(result.status == 0, "verify failed: \(result.stderr)")
        #expect(result.stdout.contains("signature: ecdsa-sha256 by "))
    }

    @Test func rsaSHA1NeedsAllowSHA1() async throws {
        let refused = try await TesseraProcess.run([
            "sign", "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway"), "--algorithm", "rsa-sha1", Fixtures.envelope,
        ])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--allow-sha1"))
        #expect(refused.stdout.isEmpty)

        let signed = try await signed(["--algorithm", "rsa-sha1", "--allow-sha1"])
        #expect(try String(contentsOfFile: signed, encoding: .utf8).contains("http://www.w3.org/2000/09/xmldsig#rsa-sha1"))
        // Verifying it is a legacy exception too.
        let refusedVerify = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, signed])
        #expect(refusedVerify.status == 1)
        #expect(refusedVerify.stderr.contains("wsse:UnsupportedAlgorithm"))
        let result = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, "--allow-sha1", signed])
        #expect(result.status == 0, "verify failed: \(result.stderr)")
        #expect(result.stdout.contains("signature: rsa-sha1 by "))
        #expect(result.stdout.contains("signed: soap:Body"))
    }

    @Test func requiredPartsThatAreNotSignedAreRefused() async throws {
        let signed = try await signed(["--sign-part", "timestamp"])
        let result = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, signed])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("wsse:InvalidSecurity: "))
        #expect(result.stderr.contains("Body must be signed"))

        let relaxed = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, "--require-signed", "timestamp", signed])
        #expect(relaxed.status == 0, "verify failed: \(relaxed.stderr)")
        #expect(!relaxed.stdout.contains("signed: soap:Body"))
    }

    @Test func signedHeaderBlockIsReported() async throws {
        let input = try String(contentsOfFile: Fixtures.envelope, encoding: .utf8).replacingOccurrences(
            of: "<soap:Header>",
            with: #"<soap:Header><wsa:To xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:example:service</wsa:To>"#)
        let path = try scratch.write(input, to: "with-to.xml")
        let out = scratch.path("signed.xml")
        let sign = try await TesseraProcess.run([
            "sign", "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway"),
            "--sign-part", "body,timestamp", "--sign-part", "{http://www.w3.org/2005/08/addressing}To", "-o", out, path,
        ])
        #expect(sign.status == 0, "sign failed: \(sign.stderr)")
        let result = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, "--require-signed", "body,timestamp,addressing", out])
        #expect(result.status == 0, "verify failed: \(result.stderr)")
        #expect(result.stdout.contains("signed: wsa:To (wsu:Id="))
    }

    @Test func pinnedClockVerifiesTheXmlsec1SignedSample() async throws {
        let sample = Fixtures.path("soap/envelope-signed-xmlsec1.xml")
        let expired = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, sample])
        #expect(expired.status == 1)
        #expect(expired.stderr.hasPrefix("wsu:MessageExpired: "))

        let result = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, "--now", "2025-06-01T12:01:00Z", sample])
        #expect(result.status == 0, "verify failed: \(result.stderr)")
        #expect(result.stdout.contains("signed: wsu:Timestamp (wsu:Id=\"TS-1\")"))
        #expect(result.stdout.contains("signed: soap:Body (wsu:Id=\"Body\")"))
    }

    @Test func standardInputAndOutputPipeline() async throws {
        let sign = try await TesseraProcess.run(["sign", "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway"), Fixtures.envelope])
        #expect(sign.status == 0)
        #expect(sign.stdout.hasPrefix("<soap:Envelope"))
        let verify = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, "-"], stdin: Array(sign.stdout.utf8))
        #expect(verify.status == 0, "verify failed: \(verify.stderr)")
    }
}

extension SignVerifyTests {
    @Test func signingASignedMessageAgainKeepsItsTimestamp() async throws {
        let first = try await signed()
        let replacing = try await TesseraProcess.run(["sign", "--key", Fixtures.key("sts"), "--cert", Fixtures.cert("sts"), first])
        #expect(replacing.status == 2)
        #expect(replacing.stderr.contains("--timestamp-ttl none"))

        let second = scratch.path("countersigned.xml")
        let result = try await TesseraProcess.run([
            "sign", "--key", Fixtures.key("sts"), "--cert", Fixtures.cert("sts"),
            "--timestamp-ttl", "none", "-o", second, first,
        ])
        #expect(result.status == 0, "sign failed: \(result.stderr)")
        // A receiver takes one sender per message; a countersigned one is for a tool that asks.
        let refused = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, second])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the Body is signed with more than one key"))
        let verify = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, "--several-signers", second])
        #expect(verify.status == 0, "verify failed: \(verify.stderr)")
        #expect(verify.stdout.contains("CN=gateway.tessera.test"))
        #expect(verify.stdout.contains("CN=sts.tessera.test"))
    }
}
