import Foundation

/// What the cache reports, for metrics.
enum TokenCacheEvent: Sendable {
    case hit, miss, coalesced, evicted(Int), invalidated
}

/// A fetched token and what decides how long it may be cached.
struct FetchedToken<Token: Sendable>: Sendable {
    let token: Token
    let tokenID: String
    /// Nil: never cache it.
    let cacheUntil: Date?
}

/// Drives ``TokenCacheState``: serves cached tokens, runs one fetch per key while every other
/// request for that key waits for its result, and reports hits, misses and evictions. The fetch
/// runs off the actor, so a slow STS holds up only the requests for its key.
actor TokenCache<Token: Sendable> {
    private var state: TokenCacheState<TokenCacheKey, Token, GatewayError>
    private var waiting: [UInt64: CheckedContinuation<Result<FetchedToken<Token>, GatewayError>, Never>] = [:]
    private let now: @Sendable () -> Date
    private let observe: @Sendable (TokenCacheEvent) -> Void

    init(policy: TokenCachePolicy, now: @escaping @Sendable () -> Date, observe: @escaping @Sendable (TokenCacheEvent) -> Void) {
        state = TokenCacheState(policy: policy)
        self.now = now
        self.observe = observe
    }

    /// Entries held.
    var count: Int { state.count }

    /// The token for `key`, cached or fetched with `fetch`; with no key (an identity that is
    /// never cached) `fetch` runs for this request alone. Returns whether it came from the cache.
    func token(
        for key: TokenCacheKey?,
        fetch: @escaping @Sendable () async -> Result<FetchedToken<Token>, GatewayError>
    ) async throws(GatewayError) -> (token: Token, tokenID: String, cached: Bool) {
        guard let key else {
            observe(.miss)
            let fetched = try await fetch().get()
            return (fetched.token, fetched.tokenID, false)
        }
        switch state.lookup(key, now: now()) {
        case .hit(let token, let tokenID):
            observe(.hit)
            return (token, tokenID, true)
        case .refused(let error):
            observe(.hit)
            throw error
        case .wait(let id):
            observe(.coalesced)
            let result = await withCheckedContinuation { waiting[id] = $0 }
            let fetched = try result.get()
            return (fetched.token, fetched.tokenID, false)
        case .fetch:
            observe(.miss)
            let result = await fetch()
            let outcome: TokenCacheState<TokenCacheKey, Token, GatewayError>.Outcome =
                switch result {
                case .success(let fetched): .token(fetched.token, tokenID: fetched.tokenID, cacheUntil: fetched.cacheUntil)
                case .failure(let error): .refused(error)
                }
            let (waiters, evicted) = state.fetched(key, outcome: outcome, now: now())
            if evicted > 0 { observe(.evicted(evicted)) }
            for id in waiters { waiting.removeValue(forKey: id)?.resume(returning: result) }
            let fetched = try result.get()
            return (fetched.token, fetched.tokenID, false)
        }
    }

    /// Drops `tokenID` under `key` after a provider refused it.
    func invalidate(_ key: TokenCacheKey, tokenID: String) {
        if state.evict(key, tokenID: tokenID) { observe(.invalidated) }
    }
}
