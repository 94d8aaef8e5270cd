import Foundation
import Synchronization
import Testing
@testable import TesseraGateway

/// The cache's driver: single flight under concurrency, identities fetched in parallel, and
/// refusals shared with every waiting request.
struct TokenCacheTests {
    func key(_ username: String) -> TokenCacheKey {
        TokenCacheKey(
            sts: "http://sts", username: username, realm: "identity-assertion", appliesTo: "http://testHost/HelloService",
            tokenType: nil, keyType: nil)!
    }

    func cache() -> TokenCache<String> {
        TokenCache(policy: TokenCachePolicy(), now: { Date() }, observe: { _ in })
    }

    @Test func oneHundredConcurrentFirstRequestsMakeOneFetch() async throws {
        let cache = cache()
        let fetches = FetchCounter()
        let key = key("jdoe")
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    try await cache.token(for: key) {
                        fetches.increment()
                        try? await Task.sleep(for: .milliseconds(200))
                        return .success(FetchedToken(token: "A", tokenID: "A", cacheUntil: Date().addingTimeInterval(600)))
                    }.token
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(tokens.count == 100)
        #expect(Set(tokens) == ["A"])
        #expect(fetches.value == 1)
    }

    /// Each identity's fetch waits until all four have started: were fetches serialized, none
    /// would see the others and every one would give up.
    @Test func differentIdentitiesAreFetchedInParallel() async throws {
        let cache = cache()
        let started = FetchCounter()
        let users = ["alice", "bob", "carol", "dave"]
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for user in users {
                group.addTask {
                    try await cache.token(for: key(user)) {
                        started.increment()
                        let deadline = ContinuousClock.now + .seconds(30)
                        while started.value < users.count, ContinuousClock.now < deadline {
                            try? await Task.sleep(for: .milliseconds(10))
                        }
                        guard started.value == users.count else { return .failure(GatewayError(.tokenUnavailable, "fetched alone")) }
                        return .success(FetchedToken(token: user, tokenID: user, cacheUntil: Date().addingTimeInterval(600)))
                    }.token
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(tokens) == Set(users))
        #expect(cache.count == 4)
    }

    @Test func aRefusalReachesEveryWaitingRequestAndIsNotKept() async throws {
        let cache = cache()
        let key = key("mallory")
        let results = await withTaskGroup(of: GatewayError?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do throws(GatewayError) {
                        _ = try await cache.token(for: key) {
                            try? await Task.sleep(for: .milliseconds(100))
                            return .failure(GatewayError(.tokenRefused, "refused"))
                        }
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0?.code == .tokenRefused })
        #expect(cache.count == 0)
    }
}

/// Counts fetches across tasks.
final class FetchCounter: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    func increment() {
        count.withLock { $0 += 1 }
    }
}
