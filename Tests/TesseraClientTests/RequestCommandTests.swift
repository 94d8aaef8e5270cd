import Foundation
import SAML
import SecurityCore
import SOAP
import Testing
import TesseraTestSupport
import WSSecurity
import WSTrust
import XMLCore

/// `tessera request`, run as a subprocess against a loopback server that hands requests to the
/// in-process SecurityTokenService: the summary it prints, the token it writes, its exit
/// statuses, and (with --dry-run) the request it would send.
@Suite(.needsExternalProcesses)
struct RequestCommandTests {
    static func gatewayArguments(_ url: String) -> [String] {
        ["request", "--url", url, "--key", TestPKI.path("gateway.key.pem"), "--cert", TestPKI.path("gateway.cert.pem")]
    }

    static func run(_ extra: [String], alter: @escaping @Sendable ([UInt8]) -> [UInt8] = { $0 }) async throws -> TesseraCLI.Result {
        try await LoopbackServer.withSTS(try TestSTS.service(), alter: alter) { url in
            try await TesseraCLI.run(Self.gatewayArguments(url) + extra)
        }
    }

    @Test func issuePrintsTheSummaryAndWritesAnAssertionThatValidates() async throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("token.xml")
        let result = try await Self.run([
            "--applies-to", TestSTS.helloService, "--token-type", "saml2", "--on-behalf-of-user", "jdoe",
            "--sts-cert", TestPKI.path("sts.cert.pem"), "--out", out,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("token type: \(TokenType.saml20.rawValue)"))
        #expect(lines.contains("applies to: \(TestSTS.helloService)"))
        #expect(lines.contains("proof key: none"))
        #expect(lines.contains { $0.hasPrefix("lifetime: ") && $0.contains(" to ") })
        #expect(lines.contains { $0.hasPrefix("response signature: verified (") && $0.contains("CN=sts.tessera.test") })
        let idLine = try #require(lines.first { $0.hasPrefix("token id: ") })

        let bytes = [UInt8](try Data(contentsOf: scratch.url("token.xml")))
        let validated = try await SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [try TestPKI.certificate("ca")])) {
            SAMLAudiencePolicy(audience: TestSTS.helloService)
        }.validate(serialized: bytes)
        #expect(validated.facts.subjects.first?.name == "jdoe")
        #expect(idLine == "token id: \(try XMLDocument(parsing: bytes).root.attribute("ID") ?? "?")")
    }

    @Test func soap11AndFebruary2005Work() async throws {
        let result = try await Self.run([
            "--applies-to", TestSTS.helloService, "--on-behalf-of-user", "jdoe", "--soap11", "--trust", "2005",
            "--sts-cert", TestPKI.path("sts.cert.pem"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("token type: \(TokenType.saml20.rawValue)"))
    }

    @Test func aFaultIsPrintedWithItsCodeAndExitsOne() async throws {
        let result = try await Self.run(["--applies-to", "https://elsewhere.example/"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("wst:InvalidScope: "), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func anAnswerNotSignedByTheGivenSTSCertificateIsRefused() async throws {
        let result = try await Self.run(["--applies-to", TestSTS.helloService, "--sts-cert", TestPKI.path("service.cert.pem")])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("responseNotVerified: "), "\(result.stderr)")
    }

    @Test func aTamperedAnswerIsRefused() async throws {
        let alter: @Sendable ([UInt8]) -> [UInt8] = {
            Array(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: ">jdoe<", with: ">mallory<").utf8)
        }
        let result = try await Self.run(
            [
                "--applies-to", TestSTS.helloService, "--on-behalf-of-user", "jdoe",
                "--sts-cert", TestPKI.path("sts.cert.pem"),
            ], alter: alter)
        #expect(result.status == 1)
        #expect(result.stderr.contains("FailedCheck"), "\(result.stderr)")
    }

    @Test func noServerListeningExitsTwo() async throws {
        let port = try await LoopbackServer.run(LoopbackServer.stsRouter(try TestSTS.service())) { $0 }
        let result = try await TesseraCLI.run(Self.gatewayArguments("http://127.0.0.1:\(port)/sts") + ["--applies-to", TestSTS.helloService, "--timeout", "1"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: "), "\(result.stderr)")
    }

    /// --dry-run prints the secured request; the WSTrust codec reads every option back.
    @Test func dryRunPrintsTheRequestItWouldSend() async throws {
        let result = try await TesseraCLI.run(
            Self.gatewayArguments("https://sts.tessera.test/sts") + [
                "--dry-run", "--applies-to", TestSTS.helloService, "--token-type", "saml11", "--key-type", "symmetric", "--key-size", "128",
                "--act-as-user", "jdoe", "--on-behalf-of-cert", TestPKI.path("service.cert.pem"), "--claim", "urn:example:role",
                "--lifetime", "600", "--renewable", "--trust", "2005", "--soap11",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let envelope = try SOAPEnvelope(parsing: Array(result.stdout.utf8))
        #expect(envelope.version == .v11)
        let rst = try RequestSecurityToken(element: try #require(envelope.bodyPayload))
        #expect(rst.version == .v200502)
        #expect(rst.requestType == .issue)
        #expect(rst.appliesTo?.address == TestSTS.helloService)
        #expect(rst.tokenType == .saml11)
        #expect(rst.keyType == .symmetricKey && rst.keySize == 128)
        #expect(try UsernameToken(element: try #require(rst.actAs)).username == "jdoe")
        #expect(try BinarySecurityToken(element: try #require(rst.onBehalfOf)).leaf == (try TestPKI.certificate("service")))
        #expect(rst.claims?.children.first?.attribute("Uri") == "urn:example:role")
        let lifetime = try #require(rst.lifetime)
        #expect(abs((lifetime.expires ?? .distantPast).timeIntervalSince(lifetime.created ?? .distantFuture) - 600) < 0.001)
        #expect(rst.renewing?.allow == true)
        #expect(try AddressingHeaders(reading: envelope)?.to == "https://sts.tessera.test/sts")
        #expect(try envelope.securityHeader()?.firstChild("BinarySecurityToken", WSSNamespace.secext) != nil)
    }

    /// Validate and Cancel against a route answering as an STS that keeps token state would.
    @Test(arguments: [(true, 0, "status: valid"), (false, 1, "status: invalid (expired)")])
    func validatePrintsTheStatusAndExitsOneWhenInvalid(_ valid: Bool, _ status: Int32, _ line: String) async throws {
        let scratch = try ScratchDirectory()
        try Data(#"<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_x" Version="2.0"/>"#.utf8).write(to: scratch.url("token.xml"))
        let transport = InProcessTransport.crafted { rst in
            try #require(rst.requestType == .validate && rst.target?.attribute("ID") == "_x")
            var response = RequestSecurityTokenResponse(version: rst.version)
            response.tokenType = TokenType(rawValue: rst.version.statusTokenType)
            response.status = .init(valid: valid, reason: valid ? nil : "expired")
            return response
        }
        let result = try await LoopbackServer.run(LoopbackServer.router(answering: transport)) { port in
            try await TesseraCLI.run(Self.gatewayArguments("http://127.0.0.1:\(port)/sts") + ["--validate", scratch.path("token.xml")])
        }
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").contains { $0 == line }, "\(result.stdout)")
    }

    @Test func cancelPrintsTheCancellation() async throws {
        let scratch = try ScratchDirectory()
        try Data(#"<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_x" Version="2.0"/>"#.utf8).write(to: scratch.url("token.xml"))
        let transport = InProcessTransport.crafted { rst in
            try #require(rst.requestType == .cancel)
            var response = RequestSecurityTokenResponse(version: rst.version)
            response.requestedTokenCancelled = true
            return response
        }
        let result = try await LoopbackServer.run(LoopbackServer.router(answering: transport)) { port in
            try await TesseraCLI.run(Self.gatewayArguments("http://127.0.0.1:\(port)/sts") + ["--cancel", scratch.path("token.xml")])
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("cancelled: yes"))
    }

    /// The STS computes the key from both entropies: the file holds P_SHA1(client, STS), 256 bits,
    /// readable by the owner only; the summary names its size and origin.
    @Test func symmetricKeyIsWrittenToTheProofKeyFile() async throws {
        let scratch = try ScratchDirectory()
        let clientEntropy = LockedBox<[UInt8]>()
        let transport = InProcessTransport.crafted { rst in
            clientEntropy.value = try ProofKeyTests.clientEntropy(of: rst)
            return ProofKeyTests.rstr(rst) {
                $0.requestedProofToken = .computedKey(rst.version.computedKeyPSHA1)
                $0.entropy = .binarySecret(BinarySecret(value: ProofKeyTests.serverEntropy, type: rst.version.binarySecretNonce))
            }
        }
        let result = try await LoopbackServer.run(LoopbackServer.router(answering: transport)) { port in
            try await TesseraCLI.run(
                Self.gatewayArguments("http://127.0.0.1:\(port)/sts") + [
                    "--applies-to", TestSTS.helloService, "--key-type", "symmetric", "--proof-key-out", scratch.path("proof.key"),
                ])
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("proof key: 256-bit proof key (computed)"), "\(result.stdout)")
        let written = [UInt8](try Data(contentsOf: scratch.url("proof.key")))
        let entropy = try #require(clientEntropy.value)
        #expect(written == ProofKeyTests.referencePSHA1(secret: entropy, seed: ProofKeyTests.serverEntropy, length: 32))
        let permissions = try FileManager.default.attributesOfItem(atPath: scratch.path("proof.key"))[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func usernameTokenWithADigestFromAPasswordFile() async throws {
        let scratch = try ScratchDirectory()
        try Data("s3cret\n".utf8).write(to: scratch.url("password"))
        let result = try await TesseraCLI.run([
            "request", "--url", "https://sts.tessera.test/sts", "--dry-run", "--username", "alice",
            "--password-file", scratch.path("password"), "--digest",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let envelope = try SOAPEnvelope(parsing: Array(result.stdout.utf8))
        let element = try #require(try envelope.securityHeader()?.firstChild("UsernameToken", WSSNamespace.secext))
        let token = try UsernameToken(element: element)
        #expect(token.username == "alice")
        let expected = UsernameToken.passwordDigest(nonce: try #require(token.nonce), created: try #require(token.createdText), password: "s3cret")
        #expect(token.password == .digest(expected))
        #expect(!result.stdout.contains("s3cret"))
    }

    @Test(arguments: [
        ["--key", "k.pem"],
        ["--username", "alice"],
        ["--issue", "--cancel", "t.xml", "--username", "alice", "--password", "p"],
        ["--key-type", "public", "--username", "alice", "--password", "p"],
    ])
    func inconsistentOptionsExit64(_ arguments: [String]) async throws {
        let result = try await TesseraCLI.run(["request", "--url", "http://127.0.0.1:9/sts"] + arguments)
        #expect(result.status == 64, "\(result.stderr)")
    }
}
