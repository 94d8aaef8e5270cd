import Foundation
import Testing
import TesseraTestSupport

/// Help text, argument validation and the one-line error contract.
@Suite(.needsExternalProcesses) struct CommandLineTests {
    static let options: [String: [String]] = [
        "sign": [
            "--key", "--cert", "--key-reference", "--algorithm", "--digest", "--allow-sha1", "--sign-part", "--timestamp-ttl", "--verbose", "--output",
            "IN.xml",
        ],
        "verify": [
            "--trust", "--pin", "--known", "--require-signed", "--require-encrypted", "--several-signers", "--allow-sha1", "--now", "--max-age", "--clock-skew",
            "--key", "--cert", "--output", "IN.xml",
        ],
        "encrypt": ["--recipient", "--algorithm", "--key-transport", "--key-reference", "--encrypt-part", "--verbose", "--output", "IN.xml"],
        "decrypt": ["--key", "--cert", "--quiet", "--output", "IN.xml"],
        "keygen": ["--out", "--name", "--key-type", "--days", "--ca", "--ca-key", "--ca-cert", "--force"],
    ]

    @Test func rootHelpListsEveryCommand() async throws {
        let result = try await TesseraProcess.run(["--help"])
        #expect(result.status == 0)
        for command in Self.options.keys {
            #expect(result.stdout.contains("  \(command) "), "\(command) is not listed")
        }
    }

    @Test(arguments: ["sign", "verify", "encrypt", "decrypt", "keygen"])
    func commandHelpDocumentsEveryOption(command: String) async throws {
        let result = try await TesseraProcess.run([command, "--help"])
        #expect(result.status == 0)
        for option in try #require(Self.options[command]) {
            #expect(result.stdout.contains(option), "\(command) --help does not mention \(option)")
        }
    }

    @Test func missingInputFileIsOneLineWithStatus2() async throws {
        let result = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, "/nonexistent/in.xml"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: cannot read '/nonexistent/in.xml': no such file\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func keyOfAnotherCertificateIsRefused() async throws {
        let result = try await TesseraProcess.run(["sign", "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("sts"), Fixtures.envelope])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: the key "))
        #expect(result.stderr.contains("does not belong to the certificate"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func algorithmThatDoesNotFitTheKeyIsRefused() async throws {
        let result = try await TesseraProcess.run([
            "sign", "--key", Fixtures.key("ec-p256"), "--cert", Fixtures.cert("ec-p256"), "--algorithm", "rsa-sha256", Fixtures.envelope,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("rsa-sha256 does not fit the EC P-256 key"))
    }

    @Test func inputThatIsNotAnEnvelopeIsRefused() async throws {
        let scratch = try Scratch()
        let notXML = try scratch.write("not xml", to: "bad.xml")
        let sign = try await TesseraProcess.run(["sign", "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway"), notXML])
        #expect(sign.status == 2)
        #expect(sign.stderr.hasPrefix("error: '\(notXML)' is not a usable SOAP envelope"))

        let notEnvelope = try scratch.write("<a/>", to: "a.xml")
        let verify = try await TesseraProcess.run(["verify", "--trust", Fixtures.ca, notEnvelope])
        #expect(verify.status == 1)
        #expect(verify.stderr.hasPrefix("wsse:InvalidSecurity: "))
    }

    @Test func invalidOptionValuesAreUsageErrors() async throws {
        for arguments in [
            ["sign", "--key", "k", "--cert", "c", "--key-reference", "subject", Fixtures.envelope],
            ["sign", "--key", "k", "--cert", "c", "--sign-part", "{urn:x}", Fixtures.envelope],
            ["sign", "--key", "k", "--cert", "c", "--timestamp-ttl", "0", Fixtures.envelope],
            ["verify", "--trust", Fixtures.ca, "--now", "yesterday", Fixtures.envelope],
            ["verify", "--trust", Fixtures.ca, "--key", "k", Fixtures.envelope],
            ["verify", Fixtures.envelope],
            ["encrypt", "--recipient", "c", "--algorithm", "des", Fixtures.envelope],
        ] {
            let result = try await TesseraProcess.run(arguments)
            #expect(result.status == 64, "\(arguments) exited \(result.status)")
            #expect(result.stderr.hasPrefix("Error: "), "\(arguments): \(result.stderr)")
        }
    }

    @Test func headerToSignMustExist() async throws {
        let result = try await TesseraProcess.run([
            "sign", "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway"),
            "--sign-part", "body,{urn:example}Missing", Fixtures.envelope,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("{urn:example}Missing"))
    }
}
