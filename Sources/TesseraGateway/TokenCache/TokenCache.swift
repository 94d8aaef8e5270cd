import Foundation
import Synchronization

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
/// request for that key waits for its result, and reports hits, misses and evictions. The state
/// sits behind a lock that is never held across a suspension, so a hit is answered on the
/// requesting task's own thread, without a hop to another executor; the fetch runs outside the
/// lock, so a slow STS holds up only the requests for its key.
final class TokenCache<Token: Sendable>: Sendable {
    private typealias Continuation = CheckedContinuation<Result<FetchedToken<Token>, GatewayError>, Never>

    /// A request waiting for another request's fetch: its continuation once it waits, or the
    /// fetch's result when the fetch ended before the request got to wait.
    private enum Waiter: Sendable {
        case waiting(Continuation)
        case finished(Result<FetchedToken<Token>, GatewayError>)
    }

    private struct Guarded: Sendable {
        var state: TokenCacheState<TokenCacheKey, Token, GatewayError>
        var waiters: [UInt64: Waiter] = [:]
    }

    private let guarded: Mutex<Guarded>
    private let now: @Sendable () -> Date
    private let observe: @Sendable (TokenCacheEvent) -> Void

    init(policy: TokenCachePolicy, now: @escaping @Sendable () -> Date, observe: @escaping @Sendable (TokenCacheEvent) -> Void) {
        guarded = Mutex(Guarded(state: TokenCacheState(policy: policy)))
        self.now = now
        self.observe = observe
    }

    /// Entries held.
    var count: Int { guarded.withLock { $0.state.count } }

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
        let time = now()
        switch guarded.withLock({ $0.state.lookup(key, now: time) }) {
        case .hit(let token, let tokenID):
            observe(.hit)
            return (token, tokenID, true)
        case .refused(let error):
            observe(.hit)
            throw error
        case .wait(let id):
            observe(.coalesced)
            let fetched = try await waitForFetch(id).get()
            return (fetched.token, fetched.tokenID, false)
        case .fetch:
            observe(.miss)
            let result = await fetch()
            finish(key, with: result)
            let fetched = try result.get()
            return (fetched.token, fetched.tokenID, false)
        }
    }

    /// Drops `tokenID` under `key` after a provider refused it.
    func invalidate(_ key: TokenCacheKey, tokenID: String) {
        if guarded.withLock({ $0.state.evict(key, tokenID: tokenID) }) { observe(.invalidated) }
    }

    /// The result of the fetch that waiter `id` waits for.
    private func waitForFetch(_ id: UInt64) async -> Result<FetchedToken<Token>, GatewayError> {
        await withCheckedContinuation { (continuation: Continuation) in
            let finished = guarded.withLock { guarded -> Result<FetchedToken<Token>, GatewayError>? in
                if case .finished(let result) = guarded.waiters.removeValue(forKey: id) { return result }
                guarded.waiters[id] = .waiting(continuation)
                return nil
            }
            if let finished { continuation.resume(returning: finished) }
        }
    }

    /// Records the fetch's `result` for `key` and hands it to every request waiting for it.
    private func finish(_ key: TokenCacheKey, with result: Result<FetchedToken<Token>, GatewayError>) {
        let outcome: TokenCacheState<TokenCacheKey, Token, GatewayError>.Outcome =
            switch result {
            case .success(let fetched): .token(fetched.token, tokenID: fetched.tokenID, cacheUntil: fetched.cacheUntil)
            case .failure(let error): .refused(error)
            }
        let time = now()
        let (ready, evicted) = guarded.withLock { guarded -> ([Continuation], Int) in
            let (ids, evicted) = guarded.state.fetched(key, outcome: outcome, now: time)
            var ready: [Continuation] = []
            for id in ids {
                if case .waiting(let continuation) = guarded.waiters.removeValue(forKey: id) {
                    ready.append(continuation)
                } else {
                    guarded.waiters[id] = .finished(result)
                }
            }
            return (ready, evicted)
        }
        if evicted > 0 { observe(.evicted(evicted)) }
        for continuation in ready { continuation.resume(returning: result) }
    }
}
