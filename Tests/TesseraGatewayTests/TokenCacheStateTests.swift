import Foundation
import Testing
@testable import TesseraGateway

/// The cache's decisions, without I/O: hits, expiry with the margin, what is never cached,
/// single flight, LRU eviction at the bound, eviction of a refused token.
struct TokenCacheStateTests {
    struct Failure: Error {}
    typealias State = TokenCacheState<String, String, Failure>

    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func fetchedToken(_ state: inout State, _ key: String, _ token: String, until: Date?) {
        guard case .fetch = state.lookup(key, now: now) else { Issue.record("expected a fetch for \(key)"); return }
        _ = state.fetched(key, outcome: .token(token, tokenID: token, cacheUntil: until), now: now)
    }

    @Test func aFetchedTokenIsServedUntilItsCacheTime() {
        var state = State(policy: TokenCachePolicy())
        fetchedToken(&state, "jdoe", "A", until: now.addingTimeInterval(60))
        guard case .hit(let token, _) = state.lookup("jdoe", now: now.addingTimeInterval(59)) else { Issue.record("expected a hit"); return }
        #expect(token == "A")
        guard case .fetch = state.lookup("jdoe", now: now.addingTimeInterval(60)) else { Issue.record("expected a fetch once expired"); return }
    }

    @Test func theCacheTimeIsTheMarginBeforeTheEarliestExpiry() {
        let policy = TokenCachePolicy(margin: 30, maxLifetime: 3600)
        let lifetime = now.addingTimeInterval(600)
        let notOnOrAfter = now.addingTimeInterval(300)
        #expect(policy.cacheUntil(expiries: [lifetime, notOnOrAfter], oneTimeUse: false, now: now) == now.addingTimeInterval(270))
        // The cap wins over a long lifetime.
        #expect(policy.cacheUntil(expiries: [now.addingTimeInterval(86_400)], oneTimeUse: false, now: now) == now.addingTimeInterval(3570))
        // Within the margin already: not cached at all.
        #expect(policy.cacheUntil(expiries: [now.addingTimeInterval(20)], oneTimeUse: false, now: now) == nil)
    }

    @Test func oneTimeUseAssertionsAndAZeroBoundAreNeverCached() {
        #expect(TokenCachePolicy().cacheUntil(expiries: [now.addingTimeInterval(600)], oneTimeUse: true, now: now) == nil)
        #expect(TokenCachePolicy(maxEntries: 0).cacheUntil(expiries: [now.addingTimeInterval(600)], oneTimeUse: false, now: now) == nil)
        var state = State(policy: TokenCachePolicy())
        fetchedToken(&state, "jdoe", "A", until: nil)
        #expect(state.count == 0)
        guard case .fetch = state.lookup("jdoe", now: now) else { Issue.record("an uncacheable token must not be served again"); return }
    }

    @Test func refusalsAreNotCachedUnlessARefusalLifetimeIsSet() {
        var plain = State(policy: TokenCachePolicy())
        _ = plain.lookup("jdoe", now: now)
        _ = plain.fetched("jdoe", outcome: .refused(Failure()), now: now)
        guard case .fetch = plain.lookup("jdoe", now: now) else { Issue.record("a refusal must not be remembered"); return }

        var negative = State(policy: TokenCachePolicy(refusalLifetime: 5))
        _ = negative.lookup("jdoe", now: now)
        _ = negative.fetched("jdoe", outcome: .refused(Failure()), now: now)
        guard case .refused = negative.lookup("jdoe", now: now.addingTimeInterval(4)) else { Issue.record("expected the remembered refusal"); return }
        guard case .fetch = negative.lookup("jdoe", now: now.addingTimeInterval(5)) else { Issue.record("the refusal must lapse"); return }
    }

    @Test func concurrentRequestsForOneKeyWaitForOneFetch() {
        var state = State(policy: TokenCachePolicy())
        guard case .fetch = state.lookup("jdoe", now: now) else { Issue.record("expected a fetch"); return }
        var waiters: [UInt64] = []
        for _ in 0..<99 {
            guard case .wait(let id) = state.lookup("jdoe", now: now) else { Issue.record("expected a wait"); return }
            waiters.append(id)
        }
        guard case .fetch = state.lookup("alice", now: now) else { Issue.record("another identity fetches on its own"); return }
        let (resumed, evicted) = state.fetched("jdoe", outcome: .token("A", tokenID: "A", cacheUntil: now.addingTimeInterval(60)), now: now)
        #expect(resumed == waiters)
        #expect(Set(resumed).count == 99)
        #expect(evicted == 0)
    }

    @Test func theLeastRecentlyUsedEntryIsEvictedAtTheBound() {
        var state = State(policy: TokenCachePolicy(maxEntries: 2))
        let until = now.addingTimeInterval(600)
        fetchedToken(&state, "a", "A", until: until)
        fetchedToken(&state, "b", "B", until: until)
        _ = state.lookup("a", now: now)  // a is now more recent than b
        guard case .fetch = state.lookup("c", now: now) else { Issue.record("expected a fetch"); return }
        let (_, evicted) = state.fetched("c", outcome: .token("C", tokenID: "C", cacheUntil: until), now: now)
        #expect(evicted == 1)
        #expect(state.count == 2)
        guard case .hit = state.lookup("a", now: now) else { Issue.record("a was used recently and must stay"); return }
        guard case .fetch = state.lookup("b", now: now) else { Issue.record("b was least recently used and must be gone"); return }
    }

    /// Past the bound a pass evicts a sixteenth of it, least recently used first, so that the
    /// insertions after it find room without another pass over every entry.
    @Test func aPassAtTheBoundMakesRoomForASixteenthOfIt() {
        var state = State(policy: TokenCachePolicy(maxEntries: 32))
        let until = now.addingTimeInterval(600)
        for index in 0..<32 { fetchedToken(&state, "user-\(index)", "T\(index)", until: until) }
        _ = state.lookup("user-0", now: now)  // user-0 is now the most recently used
        guard case .fetch = state.lookup("user-32", now: now) else { Issue.record("expected a fetch"); return }
        let (_, evicted) = state.fetched("user-32", outcome: .token("T32", tokenID: "T32", cacheUntil: until), now: now)
        #expect(evicted == 3)
        #expect(state.count == 30)
        for index in [1, 2, 3] {
            guard case .fetch = state.lookup("user-\(index)", now: now) else { Issue.record("user-\(index) must be gone"); return }
        }
        for index in [0, 4, 31, 32] {
            guard case .hit = state.lookup("user-\(index)", now: now) else { Issue.record("user-\(index) must stay"); return }
        }
        guard case .fetch = state.lookup("user-33", now: now) else { Issue.record("expected a fetch"); return }
        let (_, none) = state.fetched("user-33", outcome: .token("T33", tokenID: "T33", cacheUntil: until), now: now)
        #expect(none == 0)
        #expect(state.count == 31)
    }

    @Test func onlyTheRefusedTokenIsEvicted() {
        var state = State(policy: TokenCachePolicy())
        fetchedToken(&state, "jdoe", "A", until: now.addingTimeInterval(600))
        let other = state.evict("jdoe", tokenID: "B")
        #expect(!other)
        let refused = state.evict("jdoe", tokenID: "A")
        #expect(refused)
        #expect(state.count == 0)
        guard case .fetch = state.lookup("jdoe", now: now) else { Issue.record("expected a fresh fetch"); return }
    }
}
