import Foundation
import Testing
import TesseraTestSupport

/// `tessera sc establish | send | renew | cancel` against `tessera serve`'s echo service over
/// loopback HTTP, as a user runs them: the context file is owner-only and holds what a peer needs;
/// messages under it are answered; renewal rewrites it; cancellation removes it and the service
/// refuses the old context; a wrong secret, a service certificate that is not the service's, an
/// existing file and a file others can read are refused with their exit statuses.
@Suite(.needsExternalProcesses)
struct SecureConversationCommandTests {
    @Test(arguments: [("1.3", "--soap12"), ("2005-02", "--soap11")])
    func establishSendRenewCancel(_ version: String, _ soap: String) async throws {
        let served = try await ServedEcho.start()
        defer { served.stop() }
        let (scratch, file) = (served.scratch, served.contextFile)

        let established = try await served.establish(["--version", version, soap] + ServedEcho.x509)
        #expect(established.stdout.contains("version: \(version)"))
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let first = try Self.json(file)
        #expect(first["format"] as? String == "tessera-security-context/1")
        #expect(first["service"] as? String == served.echoURL)
        #expect(first["version"] as? String == version)
        #expect((first["identifier"] as? String)?.hasPrefix("urn:uuid:") == true)
        #expect(established.stdout.contains("context: \(first["identifier"] as? String ?? "?")"))
        #expect(Data(base64Encoded: first["secret"] as? String ?? "")?.count == 32)
        #expect(!established.stdout.contains(first["secret"] as? String ?? "?"), "the secret is never printed")
        let derivation = try #require(first["keyDerivation"] as? [String: Any])
        #expect(derivation["label"] as? String == "WS-SecureConversationWS-SecureConversation")
        #expect((derivation["algorithm"] as? String)?.hasSuffix("/dk/p_sha1") == true)

        let sent = try await TesseraProcess.run(["sc", "send", "--context", file, "--echo", "first"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.hasPrefix("Hello, ") && sent.stdout.contains("gateway.tessera.test"), "\(sent.stdout)")
        #expect(sent.stdout.hasSuffix("You said: first\n"), "\(sent.stdout)")

        // A copy of the context as it was, to show the service forgets it after cancel.
        let before = scratch.path("before.json")
        try FileManager.default.copyItem(atPath: file, toPath: before)

        let renewed = try await TesseraProcess.run(["sc", "renew", "--context", file])
        #expect(renewed.status == 0, "\(renewed.stderr)")
        let second = try Self.json(file)
        #expect(second["identifier"] as? String == first["identifier"] as? String)
        #expect(second["instance"] as? String != nil && second["instance"] as? String != first["instance"] as? String)
        #expect(second["secret"] as? String != first["secret"] as? String)
        #expect(renewed.stdout.contains("instance: \(second["instance"] as? String ?? "?")"))
        #expect(((try FileManager.default.attributesOfItem(atPath: file))[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let afterRenewal = try await TesseraProcess.run(["sc", "send", "--context", file, "--echo", "second"])
        #expect(afterRenewal.status == 0 && afterRenewal.stdout.hasSuffix("You said: second\n"), "\(afterRenewal.stdout)\(afterRenewal.stderr)")

        // Amend (WS-SC 1.3 §7): the service key's identity joins the context, proven by its own
        // signature; an untrusted key is refused and adds nothing.
        let untrusted = try await TesseraProcess.run(
            ["sc", "amend", "--context", file, "--key", Fixtures.key("untrusted"), "--cert", Fixtures.cert("untrusted")])
        #expect(untrusted.status == 1, "\(untrusted.stdout)\(untrusted.stderr)")
        let amended = try await TesseraProcess.run(
            ["sc", "amend", "--context", file, "--key", Fixtures.key("service"), "--cert", Fixtures.cert("service")])
        #expect(amended.status == 0, "\(amended.stdout)\(amended.stderr)")
        #expect(amended.stdout.contains("Amended: the context now also carries"), "\(amended.stdout)")
        let afterAmend = try await TesseraProcess.run(["sc", "send", "--context", file, "--echo", "third"])
        #expect(afterAmend.status == 0, "\(afterAmend.stderr)")
        #expect(afterAmend.stdout.contains("(also ") && afterAmend.stdout.contains("service.tessera.test"), "\(afterAmend.stdout)")

        let cancelled = try await TesseraProcess.run(["sc", "cancel", "--context", file])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file))

        let refused = try await TesseraProcess.run(["sc", "send", "--context", before, "--echo", "after cancel"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("BadContextToken"), "\(refused.stderr)")
    }

    @Test func sendWithAnEnvelopePrintsTheDecryptedAnswer() async throws {
        let served = try await ServedEcho.start()
        defer { served.stop() }
        let (scratch, file) = (served.scratch, served.contextFile)
        try await served.establish()
        let request = try scratch.write(
            """
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><e:Echo xmlns:e="urn:tessera:sample:echo">from a file</e:Echo></s:Body></s:Envelope>
            """, to: "echo.xml")

        let sent = try await TesseraProcess.run([
            "sc", "send", "--context", file, "--action", "urn:tessera:sample:echo/Echo", request, "-o", scratch.path("answer.xml"),
        ])
        #expect(sent.status == 0, "\(sent.stderr)")
        let answer = try scratch.read("answer.xml")
        #expect(answer.contains("EchoResponse") && answer.contains("You said: from a file"), "\(answer)")
        #expect(!answer.contains("CipherValue"), "the Body is printed decrypted")

        // The echo service refuses a Body that is not an Echo; the fault is reported with status 1.
        let notEcho = try scratch.write(
            """
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><e:Other xmlns:e="urn:tessera:sample:echo"/></s:Body></s:Envelope>
            """, to: "other.xml")
        let other = try await TesseraProcess.run(["sc", "send", "--context", file, "--action", "urn:tessera:sample:echo/Echo", notEcho])
        #expect(other.status == 1, "\(other.stdout)\(other.stderr)")
        #expect(other.stderr.hasPrefix("the service answered with a fault: "), "\(other.stderr)")
    }

    @Test func aWrongSecretIsRefusedByTheService() async throws {
        let served = try await ServedEcho.start()
        defer { served.stop() }
        let (scratch, file) = (served.scratch, served.contextFile)
        try await served.establish()

        var context = try Self.json(file)
        context["secret"] = Data(repeating: 7, count: 32).base64EncodedString()
        let forged = scratch.path("forged.json")
        try JSONSerialization.data(withJSONObject: context).write(to: URL(fileURLWithPath: forged))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: forged)

        let refused = try await TesseraProcess.run(["sc", "send", "--context", forged, "--echo", "guess"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("fault"), "\(refused.stderr)")
        #expect(!refused.stdout.contains("You said"))
        // The real one still works: the refusal was the secret's.
        let sent = try await TesseraProcess.run(["sc", "send", "--context", file, "--echo", "real"])
        #expect(sent.status == 0 && sent.stdout.hasSuffix("You said: real\n"), "\(sent.stdout)\(sent.stderr)")
    }

    @Test func theFileIsNeverOverwrittenWithoutForceNorReadWhenOthersCanReadIt() async throws {
        let served = try await ServedEcho.start()
        defer { served.stop() }
        let scratch = served.scratch
        let file = try scratch.write("keep me\n", to: "context.json")

        let refused = try await TesseraProcess.run(["sc", "establish", "--url", served.echoURL, "--context", file] + ServedEcho.x509)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("already exists (--force replaces it)"), "\(refused.stderr)")
        #expect(try scratch.read("context.json") == "keep me\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.directory.path).allSatisfy { !$0.hasSuffix(".tmp") })

        let forced = try await TesseraProcess.run(["sc", "establish", "--url", served.echoURL, "--context", file, "--force"] + ServedEcho.x509)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Self.json(file)["format"] as? String == "tessera-security-context/1")

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let exposed = try await TesseraProcess.run(["sc", "send", "--context", file, "--echo", "x"])
        #expect(exposed.status == 2, "\(exposed.stderr)")
        #expect(exposed.stderr.contains("accessible to other users"), "\(exposed.stderr)")
    }

    @Test func anAnswerNotSignedByTheGivenServiceCertificateIsRefused() async throws {
        let served = try await ServedEcho.start()
        defer { served.stop() }
        let file = served.contextFile
        let result = try await TesseraProcess.run(
            [
                "sc", "establish", "--url", served.echoURL, "--context", file, "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway"),
                "--service-cert", Fixtures.cert("service"),
            ])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    /// The username bootstrap over TLS (a certificate for 127.0.0.1 made with openssl): alice's
    /// password establishes a context whose messages are answered in her name; a wrong one is refused.
    @Test func usernameOverTLS() async throws {
        let openssl = try #require(TesseraTestEnvironment.openssl, "openssl is not on PATH")
        let scratch = try Scratch()
        let certificate = try await Subprocess.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", scratch.path("tls.key"), "-out", scratch.path("tls.crt"),
            ])
        try #require(certificate.succeeded, "\(certificate)")
        let hash = try await TesseraProcess.run(["hash-password"], stdin: Array("wonderland\n".utf8))
        try #require(hash.status == 0, "\(hash.stderr)")
        let configuration = TesseraServeProcess.configuration(
            secureConversationExtra: "  bootstrap: username-over-tls",
            extra: """
                tls:
                  certificate: \(scratch.path("tls.crt"))
                  key: \(scratch.path("tls.key"))
                users:
                  - name: alice
                    passwordHash: '\(hash.stdout.trimmingCharacters(in: .newlines))'
                """)
        let served = try await ServedEcho.start(configuration, in: scratch)
        defer { served.stop() }
        #expect(served.server.echoURL == served.echoURL && served.echoURL.hasPrefix("https://"))
        let password = try scratch.write("wonderland\n", to: "password.txt")
        let wrong = try scratch.write("looking-glass\n", to: "wrong.txt")
        let file = served.contextFile
        // The password check (scrypt) is slow in a debug build on a busy machine.
        let tls = ["--tls-ca", scratch.path("tls.crt"), "--timeout", "120"]

        let refused = try await TesseraProcess.run(
            ["sc", "establish", "--url", served.echoURL, "--context", file, "--username", "alice", "--password-file", wrong] + tls)
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file))

        let established = try await TesseraProcess.run(
            ["sc", "establish", "--url", served.echoURL, "--context", file, "--username", "alice", "--password-file", password] + tls)
        try #require(established.status == 0, "\(established.stderr)")
        let sent = try await TesseraProcess.run(["sc", "send", "--context", file, "--echo", "over TLS"] + tls)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout == "Hello, alice. You said: over TLS\n", "\(sent.stdout)")
    }

    /// The issued-SAML bootstrap: `tessera request` gets a holder-of-key assertion for the echo
    /// service from the STS beside it, and `tessera sc establish --saml` proves the key it
    /// confirms; the same assertion with another key is refused.
    @Test func samlHolderOfKey() async throws {
        let configuration = TesseraServeProcess.configuration(
            secureConversationExtra: """
                  bootstrap: issued-saml
                  issuedSAML:
                    issuers:
                      - name: https://sts.tessera.test
                        certificates: [\(Fixtures.cert("sts"))]
                    audiences: [urn:tessera:test:echo]
                """,
            extra: ServedEcho.holderOfKeyRelyingParty(appliesTo: "urn:tessera:test:echo"))
        let served = try await ServedEcho.start(configuration)
        defer { served.stop() }
        let assertion = try await served.requestHolderOfKeyAssertion(appliesTo: "urn:tessera:test:echo")
        let file = served.contextFile

        let otherKey = try await TesseraProcess.run(
            [
                "sc", "establish", "--url", served.echoURL, "--context", file, "--saml", assertion, "--key", Fixtures.key("service"), "--cert",
                Fixtures.cert("service"), "--service-cert", Fixtures.cert("sts"),
            ])
        #expect(otherKey.status == 1, "\(otherKey.stdout)\(otherKey.stderr)")
        #expect(otherKey.stderr.contains("FailedCheck: the signature does not verify with the key the SAML assertion confirms"), "\(otherKey.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file))

        try await served.establish(["--saml", assertion] + ServedEcho.x509)
        let sent = try await TesseraProcess.run(["sc", "send", "--context", file, "--echo", "with SAML"])
        #expect(sent.status == 0 && sent.stdout.hasPrefix("Hello, ") && sent.stdout.hasSuffix("You said: with SAML\n"), "\(sent.stdout)\(sent.stderr)")
    }

    @Test func passwordsAndBearerAssertionsNeedHTTPS() async throws {
        let username = try await TesseraProcess.run(
            ["sc", "establish", "--url", "http://127.0.0.1:1/echo", "--context", "/tmp/unused", "--username", "alice", "--password", "x"])
        #expect(username.status == 64)
        #expect(username.stderr.contains("--url must be https"), "\(username.stderr)")
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }
}
