import Foundation
import SecurityCore
import SOAP
import Testing
import XMLCore
import XMLSecurity
@testable import WSSecurity

/// One message, one sender: the parts a policy requires signed count only when the sender's
/// own key signed them, and a Body signed under two keys is refused. Each test builds the
/// message an attacker would send.
struct AuthenticatedSignerTests {
    /// The gateway's request as it went out at `time`: Body and Timestamp signed.
    func victimRequest(at time: Date) throws -> SOAPEnvelope {
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.clock = .fixed(time)
        builder.signature = .init(credential: Fixtures.gateway)
        try builder.secure(envelope)
        return try Fixtures.received(envelope)
    }

    /// Ten minutes after the gateway's request, an attacker holding another certificate the
    /// receiver trusts moves the signed (now stale) Timestamp into a header of its own, adds a
    /// fresh Timestamp and signs only that. The gateway's signature still verifies (its
    /// reference follows the ID into the wrapper); the fresh Timestamp is signed, but not by
    /// the sender of the Body.
    @Test func timestampSignedOnlyByAnotherCertificateIsRefused() async throws {
        let sent = Date()
        let later = sent.addingTimeInterval(600)
        let envelope = try victimRequest(at: sent)
        let security = try #require(try envelope.securityHeader())
        let stale = try #require(security.firstChild("Timestamp", WSSNamespace.utility))
        try #require(envelope.header).addChild("Wrapper", "urn:attacker").addCopy(of: stale)
        stale.remove()
        var attacker = SecurityHeaderBuilder()
        attacker.clock = .fixed(later)
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.service)
        options.parts = [.timestamp]
        attacker.signature = options
        try attacker.secure(envelope)

        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound(now: later)).process(try Fixtures.received(envelope))
        }
        #expect(error.code == .invalidSecurity)
        #expect(error.reason == "Timestamp must be signed by the sender's certificate")
    }

    /// A party in the middle adds its own signature over the gateway's Body: whose request is
    /// it, and whose key is a proof key for? Refused whatever the endpoint's policy (the STS
    /// runs the engine with no policy of its own and decides authentication afterwards).
    @Test(arguments: [SecurityPolicy.none, SecurityPolicy()])
    func bodySignedByTwoCertificatesIsRefused(_ policy: SecurityPolicy) async throws {
        let now = Date()
        let envelope = try victimRequest(at: now)
        var intruder = SecurityHeaderBuilder()
        intruder.clock = .fixed(now)
        intruder.timestampLifetime = nil
        intruder.signature = .init(credential: Fixtures.service)
        intruder.signature?.parts = [.body]
        try intruder.secure(envelope)

        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound(now: now), policy: policy).process(try Fixtures.received(envelope))
        }
        #expect(error.code == .invalidSecurity)
        #expect(error.reason == "the Body is signed with more than one key")
    }

    /// The sender's own certificate is reported as the one that authenticated the message.
    @Test func theBodySignerIsTheAuthenticatedCertificate() async throws {
        let now = Date()
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound(now: now)).process(try victimRequest(at: now))
        #expect(result.authenticatedCertificate == Fixtures.gateway.certificate)
    }

    /// Signatures whose key the sender may have made up (an HMAC key it encrypted for us) still
    /// verify: their references are bounded per message, not only per signature, so two
    /// signatures of 20 references each are refused before their digests are computed.
    @Test func referencesAreBoundedAcrossTheMessage() async throws {
        let now = Date()
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.clock = .fixed(now)
        builder.signature = .init(credential: Fixtures.gateway)
        try builder.secure(envelope)
        let security = try #require(try envelope.securityHeader())
        let bodyID = try #require(envelope.body.attribute("Id", WSSNamespace.utility))
        for index in 0..<2 {
            let references = (0..<20).map { _ in SignatureBuilder.Reference(uri: "#" + bodyID, digestMethod: .sha256) }
            let signer = SignatureBuilder(algorithm: .rsaSHA256, references: references, signatureID: "SIG-extra-\(index)")
            _ = try signer.sign(in: security, key: .privateKey(Fixtures.gateway.privateKey)) { keyInfo in
                let reference = keyInfo.addChild("SecurityTokenReference", WSSNamespace.secext, prefix: "wsse")
                let token = try #require(security.firstChild("BinarySecurityToken", WSSNamespace.secext)?.attribute("Id", WSSNamespace.utility))
                let direct = reference.addChild("Reference", WSSNamespace.secext, prefix: "wsse")
                direct.setAttribute("URI", value: "#" + token)
                direct.setAttribute("ValueType", value: WSSURI.x509v3)
            }
        }
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound(now: now)).process(try Fixtures.received(envelope))
        }
        #expect(error.reason == "the message's signatures carry too many references")
    }
}

/// Replay entries are written only for authenticated messages, and a full cache refuses rather
/// than forgets.
struct ReplayEntryTests {
    struct Users: UsernameTokenAuthenticator {
        func authenticate(_ token: UsernameToken) async throws {
            guard case .text("s3cret")? = token.password, token.username == "jdoe" else {
                throw WSSecurityError(.failedAuthentication, "the username or password is not valid")
            }
        }
    }

    func engine(cache: any ReplayCache) -> WSSecurityEngine {
        var configuration = Fixtures.inbound(replayCache: cache)
        configuration.usernameAuthenticator = Users()
        var policy = SecurityPolicy()
        policy.signedParts = []
        policy.authentication = .usernamePassword
        return WSSecurityEngine(configuration: configuration, policy: policy)
    }

    func request(password: String, nonce: [UInt8]) throws -> SOAPEnvelope {
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.usernameToken = UsernameToken(username: "jdoe", password: .text(password), nonce: nonce, created: Date())
        try builder.secure(envelope)
        return try Fixtures.received(envelope)
    }

    /// Someone who saw (or guessed) the Nonce the user is about to send, and sends it first
    /// with a wrong password, must not make the user's own request a "replay".
    @Test func aNonceIsRecordedOnlyOnceThePasswordVerified() async throws {
        let cache = InMemoryReplayCache()
        let nonce = Array("nonce-of-jdoe-0001".utf8)
        let refused = try await #require(throws: WSSecurityError.self) {
            _ = try await engine(cache: cache).process(try request(password: "guess", nonce: nonce))
        }
        #expect(refused.code == .failedAuthentication)
        #expect(cache.count == 0)
        let result = try await engine(cache: cache).process(try request(password: "s3cret", nonce: nonce))
        #expect(result.usernameTokens.first?.passwordVerified == true)
        let replayed = try await #require(throws: WSSecurityError.self) {
            _ = try await engine(cache: cache).process(try request(password: "s3cret", nonce: nonce))
        }
        #expect(replayed.reason.contains("nonce"))
    }

    /// Forgetting unexpired entries to make room would let the forgotten messages be replayed.
    @Test func aFullCacheRefusesInsteadOfForgetting() throws {
        let cache = InMemoryReplayCache(capacity: 2)
        let now = Date()
        let expiry = now.addingTimeInterval(300)
        #expect(try cache.insertIfAbsent([1], expiry: expiry, now: now))
        #expect(try cache.insertIfAbsent([2], expiry: expiry, now: now))
        #expect(throws: ServiceBusy.self) { try cache.insertIfAbsent([3], expiry: expiry, now: now) }
        #expect(try !cache.insertIfAbsent([1], expiry: expiry, now: now))
        // Once entries expire there is room again.
        let later = expiry.addingTimeInterval(1)
        #expect(try cache.insertIfAbsent([3], expiry: later.addingTimeInterval(300), now: later))
    }
}
