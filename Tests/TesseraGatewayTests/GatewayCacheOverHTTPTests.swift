import Foundation
import SOAP
import Testing
import WSSecurity
@testable import TesseraGateway

/// The token cache seen from the consumer's side: a second request is served without the STS,
/// 100 concurrent first requests for one identity make one STS call, and a token the provider
/// refuses is dropped and the request retried once with a fresh one.
struct GatewayCacheOverHTTPTests {
    @Test func aSecondRequestForTheSameIdentityUsesTheCachedToken() async throws {
        try await Chain.with { chain in
            for _ in 0..<3 {
                let result = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
                #expect(result.status == 200, "\(result.text)")
            }
            #expect(chain.stsCalls == 1)
            #expect(Set(chain.provider.received.map(\.tokenID)).count == 1)
            _ = try await chain.post(ConsumerRequest.identity(.v12, username: "alice"), version: .v12)
            #expect(chain.stsCalls == 2)
            #expect(try await chain.metric("tessera_gateway_token_cache_total", ["event": "hit"]) == 2)
            #expect(try await chain.metric("tessera_gateway_token_cache_total", ["event": "miss"]) == 2)
        }
    }

    @Test func oneHundredConcurrentFirstRequestsMakeOneSTSCall() async throws {
        try await Chain.with(configure: { $0.routes[0].timeoutSeconds = 60 }) { chain in
            chain.sts.delay.withLock { $0 = .milliseconds(300) }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<100 {
                    group.addTask { try await chain.post(ConsumerRequest.identity(.v11), version: .v11).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.count == 100)
            #expect(statuses.allSatisfy { $0 == 200 })
            #expect(chain.stsCalls == 1)
        }
    }

    @Test func aTokenTheProviderRefusesIsEvictedAndTheRequestRetriedOnce() async throws {
        try await Chain.with { chain in
            let first = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
            #expect(first.status == 200)
            let refused = try #require(chain.provider.received.first?.tokenID)
            chain.provider.refusedTokens.withLock { _ = $0.insert(refused) }

            let second = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
            #expect(second.status == 200, "\(second.text)")
            #expect(chain.stsCalls == 2)
            let ids = chain.provider.received.map(\.tokenID)
            #expect(ids.count == 3)
            #expect(ids.last != refused)
            #expect(try await chain.metric("tessera_gateway_provider_retries_total", ["route": "hello"]) == 1)
            #expect(try await chain.metric("tessera_gateway_token_cache_total", ["event": "invalidation"]) == 1)
        }
    }

    @Test func theLeastRecentlyUsedTokenIsEvictedAtTheBound() async throws {
        try await Chain.with(configure: { $0.cache.maxEntries = 2 }) { chain in
            for user in ["alice", "bob", "alice", "carol", "alice", "bob"] {
                let result = try await chain.post(ConsumerRequest.identity(.v12, username: user), version: .v12)
                #expect(result.status == 200)
            }
            // alice, bob: 2 calls; carol evicts bob (alice was used after him); bob again: a call.
            #expect(chain.stsCalls == 4)
            #expect(try await chain.metric("tessera_gateway_token_cache_total", ["event": "eviction"]) == 2)
        }
    }
}
