import Foundation
import SecurityCore
import SOAP
import Testing
import WSSecurity

/// With ``ReplayRecording/deferredToReceiver`` the engine writes no replay entry for an accepted
/// message: it reads the cache (a replay is refused at once, with the fault the engine gives
/// when it records entries itself) and hands the entries to the receiver, which records them.
/// A message refused after its signature verified has that entry recorded all the same.
struct DeferredReplayRecordingTests {
    static func deferred(_ cache: InMemoryReplayCache, policy: SecurityPolicy = SecurityPolicy()) -> WSSecurityEngine {
        var configuration = Fixtures.inbound(replayCache: cache)
        configuration.replayRecording = .deferredToReceiver
        return WSSecurityEngine(configuration: configuration, policy: policy)
    }

    /// Body and Timestamp signed by the gateway, serialized.
    static func signed() throws -> [UInt8] {
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.signature = .init(credential: Fixtures.gateway)
        try builder.secure(envelope)
        return envelope.serialize()
    }

    @Test func theEntriesGoToTheReceiverAndAReplayIsRefusedByReading() async throws {
        let cache = InMemoryReplayCache()
        let wire = try Self.signed()
        let result = try await Self.deferred(cache).process(try SOAPEnvelope(parsing: wire))
        #expect(cache.count == 0, "the engine wrote an entry")
        #expect(result.deferredReplayEntries.entries.count == 1)
        let now = Date()
        try await result.deferredReplayEntries.record(in: cache, now: now)
        #expect(cache.count == 1)
        // Recording them twice is the replay refusal.
        let twice = try await #require(throws: WSSecurityError.self) { try await result.deferredReplayEntries.record(in: cache, now: now) }

        let error = try await #require(throws: WSSecurityError.self) { _ = try await Self.deferred(cache).process(try SOAPEnvelope(parsing: wire)) }
        // The fault the engine answers when it records the entries itself.
        let immediate = WSSecurityEngine(configuration: Fixtures.inbound(replayCache: InMemoryReplayCache()))
        _ = try await immediate.process(try SOAPEnvelope(parsing: wire))
        let expected = try await #require(throws: WSSecurityError.self) { _ = try await immediate.process(try SOAPEnvelope(parsing: wire)) }
        #expect(error == expected && twice == expected)
        #expect(expected.code == .invalidSecurity)
        #expect(cache.count == 1)
    }

    @Test func aMessageRefusedAfterItsSignatureVerifiedHasItsEntryRecorded() async throws {
        let cache = InMemoryReplayCache()
        var policy = SecurityPolicy()
        policy.encryptedParts = [.body]  // the signed message is not encrypted: refused by the policy
        let wire = try Self.signed()
        let refused = try await #require(throws: WSSecurityError.self) {
            _ = try await Self.deferred(cache, policy: policy).process(try SOAPEnvelope(parsing: wire))
        }
        #expect(!refused.reason.contains("replay"))
        #expect(cache.count == 1)
        let replayed = try await #require(throws: WSSecurityError.self) {
            _ = try await Self.deferred(cache, policy: policy).process(try SOAPEnvelope(parsing: wire))
        }
        #expect(replayed.reason == "the message was already received (replay)")
    }

    @Test func aNonceIsHandedOverAndARecordedOneRefused() async throws {
        let cache = InMemoryReplayCache()
        var configuration = Fixtures.inbound(replayCache: cache)
        configuration.replayRecording = .deferredToReceiver
        configuration.usernameAuthenticator = UsernameTokenTests.Users(passwords: ["jdoe": "s3cret"])
        var policy = SecurityPolicy()
        policy.signedParts = []
        policy.authentication = .usernamePassword
        let engine = WSSecurityEngine(configuration: configuration, policy: policy)
        let wire = try UsernameTokenTests().message(UsernameToken.digest(username: "jdoe", password: "s3cret", created: Date()))
        let result = try await engine.process(try SOAPEnvelope(parsing: wire))
        #expect(cache.count == 0)
        #expect(result.deferredReplayEntries.entries.count == 1)
        try await result.deferredReplayEntries.record(in: cache, now: Date())
        let error = try await #require(throws: WSSecurityError.self) { _ = try await engine.process(try SOAPEnvelope(parsing: wire)) }
        #expect(error.code == .failedAuthentication)
        #expect(error.reason == "the UsernameToken nonce was already used")
    }
}
