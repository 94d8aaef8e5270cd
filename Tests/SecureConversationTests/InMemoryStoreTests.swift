import Foundation
import SecureConversation
import StoreProtocols
import Testing

/// The in-memory context store's contract: replace on save, cancel at once, purge by expiry.
@Suite struct InMemoryStoreTests {
    static func record(_ identifier: String, expires: TimeInterval, secret: [UInt8] = [1]) -> SecurityContextRecord {
        SecurityContextRecord(
            identifier: identifier, secret: secret, owner: "CN=o", created: Date(timeIntervalSince1970: 0),
            expires: Date(timeIntervalSince1970: expires))
    }

    @Test func saveReplacesAndCancelMarks() {
        let store = InMemorySecurityContextStore()
        store.save(Self.record("urn:a", expires: 100))
        store.save(Self.record("urn:a", expires: 200, secret: [2]))
        #expect(store.context(identifier: "urn:a")?.secret == [2])
        #expect(store.cancel(identifier: "urn:a"))
        #expect(store.context(identifier: "urn:a")?.status == .cancelled)
        #expect(!store.cancel(identifier: "urn:unknown"))
        #expect(store.context(identifier: "urn:unknown") == nil)
    }

    @Test func purgeRemovesOnlyContextsExpiredBeforeTheCutoff() {
        let store = InMemorySecurityContextStore()
        store.save(Self.record("urn:old", expires: 100))
        store.save(Self.record("urn:new", expires: 300))
        #expect(store.purge(expiredBefore: Date(timeIntervalSince1970: 200)) == 1)
        #expect(store.context(identifier: "urn:old") == nil)
        #expect(store.context(identifier: "urn:new") != nil)
        #expect(store.count == 1)
    }

    /// A context renewed to a later expiry is purged by that expiry, not the one it had.
    @Test func purgeFollowsTheExpiryARenewalGave() {
        let store = InMemorySecurityContextStore()
        let first = Self.record("urn:renewed", expires: 100)
        store.save(first)
        store.save(Self.record("urn:other", expires: 150))
        var renewed = first
        renewed.expires = Date(timeIntervalSince1970: 400)
        #expect(store.replace(first, with: renewed))
        #expect(store.purge(expiredBefore: Date(timeIntervalSince1970: 200)) == 1)
        #expect(store.context(identifier: "urn:renewed")?.expires == renewed.expires)
        #expect(store.context(identifier: "urn:other") == nil)
        #expect(store.purge(expiredBefore: Date(timeIntervalSince1970: 401)) == 1)
        #expect(store.count == 0)
    }

    @Test func revocationListCoversTheContextOrOneInstance() {
        let list = InMemorySecurityContextRevocationList(clock: .fixed(Date(timeIntervalSince1970: 0)))
        let now = Date(timeIntervalSince1970: 10)
        list.revoke(identifier: "urn:a", instance: "urn:i1", until: Date(timeIntervalSince1970: 100))
        #expect(list.isRevoked(identifier: "urn:a", instance: "urn:i1", now: now))
        #expect(!list.isRevoked(identifier: "urn:a", instance: "urn:i2", now: now))
        list.revoke(identifier: "urn:a", instance: nil, until: Date(timeIntervalSince1970: 100))
        #expect(list.isRevoked(identifier: "urn:a", instance: "urn:i2", now: now))
        #expect(!list.isRevoked(identifier: "urn:a", instance: "urn:i2", now: Date(timeIntervalSince1970: 101)))
    }
}
