import Foundation
import SecurityCore
import SOAP
import Testing
@testable import WSSecurity

/// Username Token Profile 1.1: PasswordText, PasswordDigest, nonce replay and freshness.
struct UsernameTokenTests {
    struct Users: UsernameTokenAuthenticator {
        let passwords: [String: String]

        func authenticate(_ token: UsernameToken) async throws {
            guard let expected = passwords[token.username] else { throw WSSecurityError(.failedAuthentication, "unknown") }
            switch token.password {
            case .text(let text):
                guard text == expected else { throw WSSecurityError(.failedAuthentication, "wrong") }
            case .digest(let digest):
                let computed = UsernameToken.passwordDigest(nonce: token.nonce ?? [], created: token.createdText ?? "", password: expected)
                guard computed == digest else { throw WSSecurityError(.failedAuthentication, "wrong") }
            case nil:
                throw WSSecurityError(.failedAuthentication, "no password")
            }
        }
    }

    func engine(now: Date = Date(), cache: any ReplayCache = InMemoryReplayCache()) -> WSSecurityEngine {
        var configuration = Fixtures.inbound(now: now, replayCache: cache)
        configuration.usernameAuthenticator = Users(passwords: ["jdoe": "s3cret"])
        var policy = SecurityPolicy()
        policy.signedParts = []
        policy.authentication = .usernamePassword
        return WSSecurityEngine(configuration: configuration, policy: policy)
    }

    func message(_ token: UsernameToken) throws -> [UInt8] {
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.usernameToken = token
        try builder.secure(envelope)
        return envelope.serialize()
    }

    @Test func passwordTextAuthenticates() async throws {
        let result = try await engine().process(try SOAPEnvelope(parsing: message(UsernameToken(username: "jdoe", password: .text("s3cret")))))
        #expect(result.usernameTokens.first?.passwordVerified == true)
        #expect(result.usernameTokens.first?.token.username == "jdoe")
    }

    @Test func passwordDigestAuthenticates() async throws {
        let token = UsernameToken.digest(username: "jdoe", password: "s3cret", created: Date())
        let result = try await engine().process(try SOAPEnvelope(parsing: message(token)))
        #expect(result.usernameTokens.first?.passwordVerified == true)
    }

    /// UsernameToken Profile 1.1 §3.1: Base64(SHA-1(nonce + created + password)); the expected
    /// value was computed independently with Python's hashlib.
    @Test func passwordDigestMatchesTheProfileFormula() {
        let nonce = Array(Data(base64Encoded: "LKqI6G/AikKCQrN0zqZFlg==")!)
        let digest = UsernameToken.passwordDigest(nonce: nonce, created: "2010-09-16T07:50:45Z", password: "userpassword")
        #expect(Data(digest).base64EncodedString() == "tuOSpGlFlIXsozq4HFNeeGeFLEI=")
    }

    @Test(arguments: [UsernameToken(username: "jdoe", password: .text("wrong")), UsernameToken(username: "nobody", password: .text("s3cret"))])
    func wrongCredentialsFail(_ token: UsernameToken) async throws {
        let error = try await #require(throws: WSSecurityError.self) { _ = try await engine().process(try SOAPEnvelope(parsing: message(token))) }
        #expect(error.code == .failedAuthentication)
    }

    @Test func replayedNonceIsRefused() async throws {
        let cache = InMemoryReplayCache()
        let wire = try message(UsernameToken.digest(username: "jdoe", password: "s3cret", created: Date()))
        _ = try await engine(cache: cache).process(try SOAPEnvelope(parsing: wire))
        let error = try await #require(throws: WSSecurityError.self) { _ = try await engine(cache: cache).process(try SOAPEnvelope(parsing: wire)) }
        #expect(error.code == .failedAuthentication)
        #expect(error.reason.contains("nonce"))
    }

    @Test func staleTokenIsRefused() async throws {
        let wire = try message(UsernameToken.digest(username: "jdoe", password: "s3cret", created: Date().addingTimeInterval(-3600)))
        let error = try await #require(throws: WSSecurityError.self) { _ = try await engine().process(try SOAPEnvelope(parsing: wire)) }
        #expect(error.code == .messageExpired)
    }

    @Test func identityAssertionWithoutPasswordIsRecordedButDoesNotAuthenticate() async throws {
        let wire = try message(UsernameToken(username: "jdoe", password: nil))
        let error = try await #require(throws: WSSecurityError.self) { _ = try await engine().process(try SOAPEnvelope(parsing: wire)) }
        #expect(error.code == .failedAuthentication)
        var policy = SecurityPolicy.none
        policy.requireTimestamp = true
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound(), policy: policy).process(try SOAPEnvelope(parsing: wire))
        #expect(result.usernameTokens.first?.passwordVerified == false)
    }

    /// Each password check costs a hash and each token a replay-cache write: a header full of
    /// UsernameTokens is refused before any of them is checked.
    @Test func tooManyUsernameTokensAreRefused() async throws {
        let envelope = try SOAPEnvelope(parsing: message(UsernameToken(username: "jdoe", password: .text("wrong"))))
        let security = try #require(try envelope.securityHeader())
        let token = try #require(security.firstChild("UsernameToken", WSSNamespace.secext))
        for _ in 0..<4 { security.addCopy(of: token) }
        let error = try await #require(throws: WSSecurityError.self) { _ = try await engine().process(envelope) }
        #expect(error.code == .invalidSecurity)
        #expect(error.reason.contains("more than 4 UsernameToken"))
    }
}

struct XSDDateTimeTests {
    @Test func millisecondsAreRoundedAndKept() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123)
        #expect(XSDDateTime.format(date) == "2023-11-14T22:13:20.123Z")
        #expect(XSDDateTime.format(date, milliseconds: false) == "2023-11-14T22:13:20Z")
        let parsed = try #require(XSDDateTime.parse("2009-11-08T11:03:20.344Z"))
        #expect(XSDDateTime.format(parsed) == "2009-11-08T11:03:20.344Z")
        #expect(XSDDateTime.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }
}

struct XSDDateTimeParsingTests {
    @Test(arguments: ["2009-11-08T11:03:20Z", "2009-11-08T11:03:20.344Z", "2000-02-29T23:59:59.5Z", "1999-12-31T00:00:00Z", " 2026-11-21T14:47:16.399Z\n"])
    func fastPathAgreesWithFoundation(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let foundation =
            try (try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? Date(trimmed, strategy: Date.ISO8601FormatStyle())
        let parsed = try #require(XSDDateTime.parse(text))
        #expect(abs(parsed.timeIntervalSince(foundation)) < 0.0005, "\(text)")
    }

    @Test(arguments: ["2009-13-08T11:03:20Z", "2009-11-08 11:03:20Z", "2009-11-08T11:03:20.Z", "yesterday", ""])
    func malformedTimesAreRefused(_ text: String) {
        #expect(XSDDateTime.parse(text) == nil, "\(text)")
    }

    @Test func offsetsStillParse() throws {
        let date = try #require(XSDDateTime.parse("2009-11-08T12:03:20+01:00"))
        #expect(XSDDateTime.format(date, milliseconds: false) == "2009-11-08T11:03:20Z")
    }
}

/// An authenticator chooses the fault by throwing a WSSecurityError; any other error is the
/// generic failed authentication, so its text never reaches the wire.
struct UsernameTokenAuthenticatorFaultTests {
    struct Refusing: UsernameTokenAuthenticator {
        let error: any Error
        func authenticate(_ token: UsernameToken) async throws { throw error }
    }

    struct InternalFailure: Error, CustomStringConvertible {
        var description: String { "database at /var/lib/users is down" }
    }

    func process(with error: any Error) async throws -> WSSecurityError {
        var configuration = Fixtures.inbound()
        configuration.usernameAuthenticator = Refusing(error: error)
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.usernameToken = UsernameToken(username: "jdoe", password: .text("s3cret"))
        try builder.secure(envelope)
        return try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: configuration, policy: .none).process(try Fixtures.received(envelope))
        }
    }

    @Test func aWSSecurityErrorIsAnsweredAsItIs() async throws {
        let error = try await process(with: WSSecurityError(.invalidSecurity, "a PasswordText is accepted only over TLS"))
        #expect(error.code == .invalidSecurity)
        #expect(error.reason == "a PasswordText is accepted only over TLS")
    }

    @Test func anyOtherErrorIsTheGenericRefusal() async throws {
        let error = try await process(with: InternalFailure())
        #expect(error.code == .failedAuthentication)
        #expect(error.reason == "the username or password is not valid")
    }
}
