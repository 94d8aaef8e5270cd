import Foundation
import SOAP
import STS
import Testing
import TesseraTestSupport
import WSSecurity
import WSTrust
import XMLCore
@testable import TesseraServer

/// A user configured with a sealed digest password (`users[].digestPassword` under
/// `usersDigestKey`) authenticates to the usernamemixed alias with a UsernameToken
/// PasswordDigest (UsernameToken Profile 1.1 §3.1) over plain HTTP once the deployment accepts
/// digests without TLS (`security.INSECURE_acceptPasswordDigestWithoutTLS`), and is refused
/// without that setting; a wrong digest, a replayed nonce and a stale Created are refused with
/// their WSS faults. The same through zeep.
struct PasswordDigestOverHTTPTests {
    static let path = "/adfs/services/trust/13/usernamemixed"
    static let issueAction = WSTrustVersion.v13.requestAction(.issue)
    static let bobPassword = "b0b's digest pässword"

    /// A digest key file (0600) in a scratch directory and the test configuration with bob,
    /// whose password is sealed under it; the directory is removed after `body`.
    static func withDigestUser<T>(acceptWithoutTLS: Bool = true, _ body: (ServerConfiguration, URL) async throws -> T) async throws -> T {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-digest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let keyPath = scratch.appendingPathComponent("digest.key").path
        let (key, created) = try DigestKeyFile.loadOrCreate(at: keyPath)
        #expect(created)
        var configuration = TestPKI.configuration()
        configuration.security.INSECURE_acceptPasswordDigestWithoutTLS = acceptWithoutTLS
        configuration.usersDigestKey = keyPath
        configuration.users = [
            TestPKI.alice,
            ServerConfiguration.User(
                name: "bob", passwordHash: try PasswordHash.make(password: bobPassword, parameters: .minimum).phcString,
                digestPassword: try SealedPassword.seal(password: bobPassword, username: "bob", key: key).sealedString),
        ]
        return try await body(configuration, scratch)
    }

    func subject(_ result: HTTPResult) throws -> String? {
        let envelope = try SOAPEnvelope(parsing: result.body)
        let collection = try RequestSecurityTokenResponseCollection(element: try #require(envelope.bodyPayload))
        let assertion = try #require(collection.responses.first?.requestedSecurityToken)
        return assertion.descendantsAndSelf.first { $0.localName == "NameID" }?.trimmedText
    }

    func fault(_ result: HTTPResult) throws -> SOAPFault {
        try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
    }

    /// Whoever reads a digest off a plain-HTTP wire can guess the password offline.
    @Test func aPasswordDigestOverPlainHTTPIsRefusedByDefault() async throws {
        try await Self.withDigestUser(acceptWithoutTLS: false) { configuration, _ in
            try await TestServer.with(configuration) { server in
                let token = UsernameToken.digest(username: "bob", password: Self.bobPassword, created: Date())
                let result = try await server.postSOAP(try TestPKI.usernameRequest(token), to: Self.path, version: .soap12, action: Self.issueAction)
                #expect(result.status == 400)
                let fault = try fault(result)
                #expect(fault.subcode == WSSFaultCode.invalidSecurity.name)
                #expect(fault.reason == "a PasswordDigest is accepted only over TLS")
            }
        }
    }

    @Test func aPasswordDigestGetsATokenOverPlainHTTP() async throws {
        try await Self.withDigestUser { configuration, _ in
            try await TestServer.with(configuration) { server in
                let token = UsernameToken.digest(username: "bob", password: Self.bobPassword, created: Date())
                let result = try await server.postSOAP(try TestPKI.usernameRequest(token), to: Self.path, version: .soap12, action: Self.issueAction)
                #expect(result.status == 200, "\(result.text)")
                #expect(try subject(result) == "bob")
            }
        }
    }

    @Test func aWrongDigestAndADigestForAUserWithoutASealedPasswordAreRefusedAlike() async throws {
        try await Self.withDigestUser { configuration, _ in
            try await TestServer.with(configuration) { server in
                let wrong = UsernameToken.digest(username: "bob", password: "not-bobs", created: Date())
                let refused = try await server.postSOAP(try TestPKI.usernameRequest(wrong), to: Self.path, version: .soap12, action: Self.issueAction)
                #expect(refused.status == 400)
                let wrongFault = try fault(refused)
                #expect(wrongFault.subcode == WSSFaultCode.failedAuthentication.name)
                #expect(wrongFault.reason == "the username or password is not valid")

                // alice has only a hash: her right password as a digest is refused the same way.
                let alice = UsernameToken.digest(username: "alice", password: TestPKI.alicePassword, created: Date())
                let aliceResult = try await server.postSOAP(try TestPKI.usernameRequest(alice), to: Self.path, version: .soap12, action: Self.issueAction)
                #expect(aliceResult.status == 400)
                #expect(try fault(aliceResult) == wrongFault)
            }
        }
    }

    @Test func aReplayedNonceIsRefused() async throws {
        try await Self.withDigestUser { configuration, _ in
            try await TestServer.with(configuration) { server in
                let token = UsernameToken.digest(username: "bob", password: Self.bobPassword, created: Date())
                let first = try await server.postSOAP(try TestPKI.usernameRequest(token), to: Self.path, version: .soap12, action: Self.issueAction)
                #expect(first.status == 200, "\(first.text)")
                // The same UsernameToken (nonce, Created, digest) in a new message.
                let replay = try await server.postSOAP(try TestPKI.usernameRequest(token), to: Self.path, version: .soap12, action: Self.issueAction)
                #expect(replay.status == 400)
                let replayFault = try fault(replay)
                #expect(replayFault.subcode == WSSFaultCode.failedAuthentication.name)
                #expect(replayFault.reason == "the UsernameToken nonce was already used")
            }
        }
    }

    @Test func aStaleCreatedIsRefused() async throws {
        try await Self.withDigestUser { configuration, _ in
            try await TestServer.with(configuration) { server in
                let maxAge = TimeInterval(configuration.security.timestampMaxAgeSeconds + configuration.security.clockSkewSeconds)
                let stale = UsernameToken.digest(username: "bob", password: Self.bobPassword, created: Date().addingTimeInterval(-maxAge - 60))
                let result = try await server.postSOAP(try TestPKI.usernameRequest(stale), to: Self.path, version: .soap12, action: Self.issueAction)
                #expect(result.status == 400)
                let staleFault = try fault(result)
                #expect(staleFault.subcode == WSSFaultCode.messageExpired.name)
                #expect(staleFault.reason == "the UsernameToken has expired")
            }
        }
    }

    /// zeep's `UsernameToken(..., use_digest=True)` (its own nonce, its own Created format with
    /// an +00:00 offset) is accepted; replaying zeep's message is refused.
    @Test(.enabled(if: PythonOracle.available, "TESSERA_PYTHON is not set"))
    func zeepsPasswordDigestIsAccepted() async throws {
        try await Self.withDigestUser { configuration, scratch in
            let passwordFile = scratch.appendingPathComponent("password.txt")
            try Data((Self.bobPassword + "\n").utf8).write(to: passwordFile)
            try await TestServer.with(configuration) { server in
                let made = try await PythonOracle.run("zeep_username.py", ["bob", passwordFile.path, "--to", server.baseURL + Self.path])
                #expect(made.status == 0, "\(made.stderr)")
                #expect(made.stdoutText.contains("#PasswordDigest"))
                let body = made.stdout
                let result = try await server.postSOAP(body, to: Self.path, version: .soap12, action: Self.issueAction)
                #expect(result.status == 200, "\(result.text)")
                #expect(try subject(result) == "bob")
                let replay = try await server.postSOAP(body, to: Self.path, version: .soap12, action: Self.issueAction)
                #expect(replay.status == 400)
            }
        }
    }
}
