import Foundation
import Testing
import TesseraTestSupport

/// `tessera sc amend --saml` against `tessera serve` over loopback HTTP, its echo service
/// accepting as the claims of an Amend (WS-SC 1.3 §7) the holder-of-key assertions of its own STS
/// (`secureConversation.amendment.ownSTSAssertions`): `tessera request` obtains an assertion for
/// the service confirming the gateway's certificate, the gateway's context is amended with it,
/// and the echo service then greets the assertion's subject beside the owner. Refused with a
/// fault, leaving the context as it was: the assertion with a key it does not confirm, and
/// assertions another STS issued (one signing with another key under this STS's name, one with
/// this STS's key under another name).
@Suite(.needsExternalProcesses)
struct SecureConversationAmendWithSAMLCommandTests {
    /// Where the echo service is published; its address is the audience of the assertions.
    static let publicBaseURL = "http://services.tessera.test"
    static let audience = publicBaseURL + "/echo"
    static let issuer = "https://sts.tessera.test"

    /// The echo service keeping `contexts` contexts (a `cookie` context's key is written to
    /// `scratch`), amended with its own STS's assertions; the STS signs as `issuer` with the
    /// `signingIdentity` fixture and issues holder-of-key assertions for the service's address.
    static func configuration(contexts: String, in scratch: Scratch, issuer: String = issuer, signingIdentity: String = "sts") throws -> String {
        var section = "  contexts: \(contexts)\n"
        if contexts == "cookie" {
            let key = try scratch.write(Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString() + "\n", to: "cookie.key")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
            section += "  cookieKey: \(key)\n"
        }
        section += "  amendment:\n    ownSTSAssertions: true"
        return TesseraServeProcess.configuration(
            issuer: issuer, signingIdentity: signingIdentity, secureConversationExtra: section,
            extra: "publicBaseURL: \(publicBaseURL)\n" + ServedEcho.holderOfKeyRelyingParty(appliesTo: audience))
    }

    @Test(arguments: ["stateful", "cookie"])
    func anAssertionOfTheServicesOwnSTSAddsItsSubject(_ contexts: String) async throws {
        let scratch = try Scratch()
        let served = try await ServedEcho.start(try Self.configuration(contexts: contexts, in: scratch), in: scratch, logLevel: "info")
        defer { served.stop() }
        let file = served.contextFile
        let assertion = try await served.requestHolderOfKeyAssertion(appliesTo: Self.audience)
        let subject = try #require(Self.nameID(in: try scratch.read("assertion.xml")), "the assertion names its subject")
        try await served.establish()
        let identifier = try #require(try SecureConversationCommandTests.json(file)["identifier"] as? String)
        let owner = try await Self.greeted(served, "before")
        let unamended = try scratch.read("context.json")
        let copy = scratch.path("unamended.json")
        try FileManager.default.copyItem(atPath: file, toPath: copy)

        // The gateway's assertion, with the service's key: the signature is not the confirmed key's.
        let otherKey = try await TesseraProcess.run(
            ["sc", "amend", "--context", file, "--saml", assertion, "--key", Fixtures.key("service"), "--cert", Fixtures.cert("service")])
        #expect(otherKey.status == 1, "\(otherKey.stdout)\(otherKey.stderr)")
        #expect(otherKey.stderr.hasPrefix("the service answered with a fault: "), "\(otherKey.stderr)")
        #expect(otherKey.stderr.contains("FailedCheck: the signature does not verify with the key the SAML assertion confirms\n"), "\(otherKey.stderr)")
        #expect(try scratch.read("context.json") == unamended)
        #expect(try await Self.greeted(served, "after a refusal") == owner)
        #expect(Self.auditLines(served, "context refused").contains { $0.contains("FailedCheck") }, "\(served.server.log())")

        let amended = try await TesseraProcess.run(
            ["sc", "amend", "--context", file, "--saml", assertion, "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway")])
        #expect(amended.status == 0, "\(amended.stdout)\(amended.stderr)")
        #expect(amended.stdout.hasPrefix("Amended: the context now also carries the subject of the SAML assertion."), "\(amended.stdout)")
        #expect(amended.stdout.contains("context: \(identifier)"), "\(amended.stdout)")
        #expect(Self.auditLines(served, "context amended").contains { $0.contains(identifier) }, "\(served.server.log())")
        let before = try SecureConversationCommandTests.json(copy)
        let after = try SecureConversationCommandTests.json(file)
        #expect(after["identifier"] as? String == identifier && after["secret"] as? String == before["secret"] as? String)
        #expect(((try FileManager.default.attributesOfItem(atPath: file))[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        if contexts == "cookie" {
            // The claims travel in the cookie: the file holds the new one.
            #expect(after["cookie"] as? String != nil && after["cookie"] as? String != before["cookie"] as? String)
        } else {
            #expect(after["cookie"] == nil && after["instance"] as? String == before["instance"] as? String)
        }

        // WS-SC 1.3 §7: later messages under the context carry the claim beside the owner.
        let claim = "\(subject) (issuer: \(Self.issuer))"
        #expect(try await Self.greeted(served, "after amending") == "\(owner) (also \(claim))")
        if contexts == "cookie" {
            // The cookie as it was still names the context without the claim.
            let old = try await TesseraProcess.run(["sc", "send", "--context", copy, "--echo", "old cookie"])
            #expect(old.status == 0 && old.stdout == "Hello, \(owner). You said: old cookie\n", "\(old.stdout)\(old.stderr)")
        }
    }

    /// Assertions from an STS that is not the service's own, for the same service and key, are
    /// refused as tokens the service does not trust (`wsse:InvalidSecurityToken`, with the reason
    /// given); the context is left as it was.
    @Test(arguments: [
        (issuer, "service", "the signing certificate is not trusted"), ("https://other-sts.tessera.test", "sts", "the assertion's issuer is not accepted"),
    ])
    func anAssertionOfAnotherSTSIsRefused(_ issuer: String, _ signingIdentity: String, _ reason: String) async throws {
        let scratch = try Scratch()
        let served = try await ServedEcho.start(try Self.configuration(contexts: "stateful", in: scratch), in: scratch)
        defer { served.stop() }
        let otherScratch = try Scratch()
        let other = try await ServedEcho.start(
            try Self.configuration(contexts: "stateful", in: otherScratch, issuer: issuer, signingIdentity: signingIdentity), in: otherScratch)
        defer { other.stop() }
        let foreign = try await other.requestHolderOfKeyAssertion(appliesTo: Self.audience)
        try await served.establish()
        let owner = try await Self.greeted(served, "before")
        let unamended = try scratch.read("context.json")

        let refused = try await TesseraProcess.run(
            ["sc", "amend", "--context", served.contextFile, "--saml", foreign, "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway")])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.hasPrefix("the service answered with a fault: "), "\(refused.stderr)")
        #expect(refused.stderr.contains("InvalidSecurityToken: \(reason)\n"), "\(refused.stderr)")
        #expect(try scratch.read("context.json") == unamended)
        #expect(try await Self.greeted(served, "after a refusal") == owner)
    }

    /// Who the echo service greets for a message with `text` under the context: the owner, and
    /// the added claims in parentheses.
    static func greeted(_ served: ServedEcho, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let sent = try await TesseraProcess.run(["sc", "send", "--context", served.contextFile, "--echo", text])
        try #require(sent.status == 0, "\(sent.stdout)\(sent.stderr)", sourceLocation: sourceLocation)
        let suffix = ". You said: \(text)\n"
        try #require(sent.stdout.hasPrefix("Hello, ") && sent.stdout.hasSuffix(suffix), "\(sent.stdout)", sourceLocation: sourceLocation)
        return String(sent.stdout.dropFirst("Hello, ".count).dropLast(suffix.count))
    }

    /// The server's audit log lines of `event`.
    static func auditLines(_ served: ServedEcho, _ event: String) -> [Substring] {
        served.server.log().split(separator: "\n").filter { $0.contains(event) }
    }

    /// The text of the assertion's `saml2:NameID`.
    static func nameID(in assertion: String) -> String? {
        guard let start = assertion.range(of: #"<(\w+:)?NameID\b[^>]*>"#, options: .regularExpression),
            let end = assertion.range(of: "</", range: start.upperBound..<assertion.endIndex)
        else { return nil }
        return String(assertion[start.upperBound..<end.lowerBound])
    }
}
