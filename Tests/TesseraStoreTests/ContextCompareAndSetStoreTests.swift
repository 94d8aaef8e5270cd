import Foundation
import StoreProtocols
import TesseraCrypto
import Testing
import TesseraTestSupport
@testable import TesseraStore

/// `replace(_:with:)`, the compare-and-set a Renew and an Amend of one context write with: of
/// updates made from the same stored context, one wins and the others see `false`; the loser
/// reads the context again and applies its change to what won, so neither is lost. A cancelled
/// or unknown context is never replaced.
struct ContextCompareAndSetStoreTests {
    /// `current` with new keys and a new Instance, as a renewal makes it.
    static func renewal(of current: SecurityContextRecord) -> SecurityContextRecord {
        var renewed = current
        renewed.instance = "urn:uuid:\(UUID())"
        renewed.secret = SecureRandom.bytes(32)
        return renewed
    }

    /// `current` with `claim` added, as an Amend makes it.
    static func amendment(of current: SecurityContextRecord, adding claim: String) -> SecurityContextRecord {
        var amended = current
        amended.claims.append(claim)
        return amended
    }

    @Test(arguments: StoreKind.tested)
    func ofTwoUpdatesFromTheSameContextOneWinsAndTheOtherIsReapplied(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let store = subject.store
            let original = Sample.context()
            try await store.save(original)
            let renewed = Self.renewal(of: original)
            let amended = Self.amendment(of: original, adding: "CN=service,O=Tessera Test")

            async let renewal = store.replace(original, with: renewed)
            async let amendment = store.replace(original, with: amended)
            let (renewWon, amendWon) = try await (renewal, amendment)
            #expect(renewWon != amendWon, "exactly one update from the same context is written")

            // The loser applies its change onto what the winner wrote.
            let current = try #require(try await store.context(identifier: original.identifier))
            if renewWon {
                #expect(current == renewed)
                #expect(try await store.replace(current, with: Self.amendment(of: current, adding: "CN=service,O=Tessera Test")))
            } else {
                #expect(current == amended)
                var renewedNow = Self.renewal(of: current)
                renewedNow.claims = current.claims
                #expect(try await store.replace(current, with: renewedNow))
            }
            let final = try #require(try await store.context(identifier: original.identifier))
            #expect(final.instance != original.instance && final.secret != original.secret)
            #expect(final.claims == ["CN=service,O=Tessera Test"])
            // A write from the original, stale view changes nothing.
            #expect(try await !store.replace(original, with: Self.renewal(of: original)))
            #expect(try await store.context(identifier: original.identifier) == final)
        }
    }

    @Test(arguments: StoreKind.tested)
    func aCancelledOrUnknownContextIsNotReplaced(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let store = subject.store
            let record = Sample.context()
            try await store.save(record)
            #expect(try await store.cancel(identifier: record.identifier))
            #expect(try await !store.replace(record, with: Self.renewal(of: record)))
            #expect(try await store.context(identifier: record.identifier)?.status == .cancelled)

            let unknown = Sample.context()
            #expect(try await !store.replace(unknown, with: Self.renewal(of: unknown)))
            #expect(try await store.context(identifier: unknown.identifier) == nil)
        }
    }
}
