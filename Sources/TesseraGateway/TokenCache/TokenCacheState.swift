import Foundation

/// The token cache as a pure state machine: it decides, and its driver (``TokenCache``) does the
/// I/O and resumes waiting requests. Per key it holds a cached token, a remembered refusal, or a
/// fetch in flight with the requests waiting for it (single flight: one STS call per key however
/// many requests arrive together). Past ``TokenCachePolicy/maxEntries`` entries are evicted,
/// the expired ones first, then the least recently used, a sixteenth of the bound at a time.
struct TokenCacheState<Key: Hashable & Sendable, Token: Sendable, Failure: Error>: Sendable {
    typealias WaiterID = UInt64

    /// What a request for a key must do.
    enum Lookup: Sendable {
        /// Use this token.
        case hit(Token, tokenID: String)
        /// The key is refused until the remembered refusal lapses.
        case refused(Failure)
        /// Another request is fetching: wait for its result under this id.
        case wait(WaiterID)
        /// Fetch the token, then report it with ``TokenCacheState/fetched(_:outcome:now:)``.
        case fetch
    }

    /// A fetch's result.
    enum Outcome: Sendable {
        /// A token, cacheable until `cacheUntil` (nil: never).
        case token(Token, tokenID: String, cacheUntil: Date?)
        case refused(Failure)
    }

    private enum Slot: Sendable {
        case cached(token: Token, tokenID: String, until: Date, lastUse: UInt64)
        case refused(Failure, until: Date, lastUse: UInt64)
        case inFlight(waiters: [WaiterID])
    }

    let policy: TokenCachePolicy
    private var slots: [Key: Slot] = [:]
    private var storedCount = 0
    private var useCounter: UInt64 = 0
    private var nextWaiter: WaiterID = 0

    init(policy: TokenCachePolicy) {
        self.policy = policy
    }

    /// Entries held (tokens and refusals; fetches in flight are not counted).
    var count: Int { storedCount }

    /// Entries left after an eviction pass: the bound less a sixteenth of it.
    var evictionFloor: Int { policy.maxEntries - policy.maxEntries / 16 }

    mutating func lookup(_ key: Key, now: Date) -> Lookup {
        useCounter += 1
        switch slots[key] {
        case .cached(let token, let tokenID, let until, _) where until > now:
            slots[key] = .cached(token: token, tokenID: tokenID, until: until, lastUse: useCounter)
            return .hit(token, tokenID: tokenID)
        case .refused(let failure, let until, _) where until > now:
            slots[key] = .refused(failure, until: until, lastUse: useCounter)
            return .refused(failure)
        case .inFlight(var waiters):
            nextWaiter += 1
            waiters.append(nextWaiter)
            slots[key] = .inFlight(waiters: waiters)
            return .wait(nextWaiter)
        case .cached, .refused:
            storedCount -= 1
            slots[key] = .inFlight(waiters: [])
            return .fetch
        case nil:
            slots[key] = .inFlight(waiters: [])
            return .fetch
        }
    }

    /// Records the fetch's outcome for `key`; returns the requests waiting for it and how many
    /// entries were evicted to make room.
    mutating func fetched(_ key: Key, outcome: Outcome, now: Date) -> (waiters: [WaiterID], evicted: Int) {
        guard case .inFlight(let waiters) = slots[key] else { return ([], 0) }
        useCounter += 1
        switch outcome {
        case .token(let token, let tokenID, let until?) where until > now && policy.maxEntries > 0:
            slots[key] = .cached(token: token, tokenID: tokenID, until: until, lastUse: useCounter)
            storedCount += 1
        case .refused(let failure) where policy.refusalLifetime > 0 && policy.maxEntries > 0:
            slots[key] = .refused(failure, until: now.addingTimeInterval(policy.refusalLifetime), lastUse: useCounter)
            storedCount += 1
        default:
            slots[key] = nil
        }
        return (waiters, evictIfNeeded(now: now))
    }

    /// Drops the cached token `tokenID` of `key` (a provider refused it); a newer token under
    /// the same key is kept. Returns whether it was dropped.
    mutating func evict(_ key: Key, tokenID: String) -> Bool {
        guard case .cached(_, let cachedID, _, _) = slots[key], cachedID == tokenID else { return false }
        slots[key] = nil
        storedCount -= 1
        return true
    }

    /// Once the bound is passed, drops the expired entries, then the least recently used ones
    /// down to ``evictionFloor``: each pass looks at every entry and sorts them, so it makes room
    /// for a sixteenth of the bound at once rather than for the one entry that passed it, and a
    /// cache full of identities pays for it once in many insertions instead of at each.
    private mutating func evictIfNeeded(now: Date) -> Int {
        guard storedCount > policy.maxEntries else { return 0 }
        var evicted = 0
        for (key, slot) in slots {
            switch slot {
            case .cached(_, _, let until, _) where until <= now, .refused(_, let until, _) where until <= now:
                slots[key] = nil
                storedCount -= 1
            default:
                break
            }
        }
        if storedCount > evictionFloor {
            let byAge = slots.compactMap { key, slot -> (Key, UInt64)? in
                switch slot {
                case .cached(_, _, _, let lastUse), .refused(_, _, let lastUse): (key, lastUse)
                case .inFlight: nil
                }
            }.sorted { $0.1 < $1.1 }
            for (key, _) in byAge.prefix(storedCount - evictionFloor) {
                slots[key] = nil
                storedCount -= 1
                evicted += 1
            }
        }
        return evicted
    }
}
