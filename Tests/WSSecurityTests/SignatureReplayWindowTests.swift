import Foundation
import SOAP
import SecurityCore
import Testing
import XMLCore
@testable import WSSecurity

/// A signature's replay entry lives as long as the message stays acceptable, whatever the order
/// of the Signature and the Timestamp it covers in the header, when no maximum age is set and
/// Expires alone ends the message's life.
@Suite struct SignatureReplayWindowTests {
    static let sent = Date(timeIntervalSince1970: 1_800_000_000)

    /// Body and Timestamp signed at ``sent``, the Timestamp expiring a day later; with
    /// `timestampLast` the Timestamp is moved after the Signature, as a sender that added the
    /// Timestamp first writes it (WSS 1.1 §5: each new element goes first).
    static func signed(timestampLast: Bool, expires: Bool = true) throws -> [UInt8] {
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.clock = .fixed(sent)
        builder.timestampLifetime = 86_400
        builder.signature = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
        try builder.secure(envelope)
        let security = try #require(envelope.header?.firstChild("Security", WSSNamespace.secext))
        let timestamp = try #require(security.firstChild("Timestamp", WSSNamespace.utility))
        if !expires { timestamp.firstChild("Expires", WSSNamespace.utility)?.remove() }
        if timestampLast {
            security.addCopy(of: timestamp)
            timestamp.remove()
        }
        return envelope.serialize()
    }

    static func engine(at now: Date, cache: InMemoryReplayCache) -> WSSecurityEngine {
        var configuration = Fixtures.inbound(now: now, replayCache: cache)
        configuration.timestampMaxAge = nil
        return WSSecurityEngine(configuration: configuration)
    }

    @Test(arguments: [false, true])
    func aReplayAfterTheDefaultWindowIsStillRefused(timestampLast: Bool) async throws {
        let wire = try Self.signed(timestampLast: timestampLast)
        let cache = InMemoryReplayCache()
        _ = try await Self.engine(at: Self.sent, cache: cache).process(try SOAPEnvelope(parsing: wire))
        let later = Self.sent.addingTimeInterval(3_600)
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await Self.engine(at: later, cache: cache).process(try SOAPEnvelope(parsing: wire))
        }
        #expect(error.reason.contains("replay"))
    }

    @Test func aTimestampWithoutExpiresIsRefusedWithoutAMaximumAge() async throws {
        let wire = try Self.signed(timestampLast: false, expires: false)
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await Self.engine(at: Self.sent, cache: InMemoryReplayCache()).process(try SOAPEnvelope(parsing: wire))
        }
        #expect(error.code == .invalidSecurity)
        #expect(error.reason.contains("Expires"))
    }
}
