import Foundation
import Testing
import TesseraTestSupport
@testable import TesseraStore

/// Two `tessera serve` instances behind a load balancer: two PostgresStores, each with its own
/// PostgresClient, on one schema, see each other's writes at once.
@Suite(.needsExternalProcesses)
struct SharedPostgresStoreTests {
    func withTwoInstances(_ body: (PostgresStore, PostgresStore) async throws -> Void) async throws {
        let location = try PostgresTesting.location()
        let schema = PostgresTesting.freshSchemaName()
        let key = MasterKey.generate()
        let first = try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2)
        let second = try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2)
        #expect(first.client !== second.client)
        try await PostgresTesting.withRunning([first, second]) {
            do {
                try await body(first, second)
                try await PostgresTesting.drop(schema, using: first)
            } catch {
                try? await PostgresTesting.drop(schema, using: first)
                throw error
            }
        }
    }

    @Test func issuancesAndTransitionsAreSeenByTheOtherInstance() async throws {
        try await withTwoInstances { first, second in
            let token = Sample.token()
            try await first.insert(token)
            #expect(try await second.record(id: token.id) == token)
            let duplicate = try await #require(throws: StoreError.self) { try await second.insert(token) }
            #expect(duplicate.code == .duplicateRecord)
            #expect(try await second.transition(id: token.id, from: .issued, to: .cancelled))
            #expect(try await first.record(id: token.id)?.status == .cancelled)
            #expect(try await first.transition(id: token.id, from: .issued, to: .renewed) == false)
        }
    }

    @Test func concurrentTransitionsOnTwoInstancesHaveOneWinner() async throws {
        try await withTwoInstances { first, second in
            for _ in 0..<20 {
                let token = Sample.token()
                try await first.insert(token)
                async let cancelled = first.transition(id: token.id, from: .issued, to: .cancelled)
                async let renewed = second.transition(id: token.id, from: .issued, to: .renewed)
                let (cancelWon, renewWon) = try await (cancelled, renewed)
                #expect(cancelWon != renewWon)
                #expect(try await second.record(id: token.id)?.status == (cancelWon ? .cancelled : .renewed))
            }
        }
    }

    @Test func contextsAndCancellationsAreSeenByTheOtherInstance() async throws {
        try await withTwoInstances { first, second in
            let context = Sample.context()
            try await first.save(context)
            #expect(try await second.context(identifier: context.identifier) == context)
            #expect(try await second.cancel(identifier: context.identifier))
            #expect(try await first.context(identifier: context.identifier)?.status == .cancelled)
            let error = try await #require(throws: StoreError.self) { try await first.save(context) }
            #expect(error.code == .contextCancelled)
        }
    }

    @Test func replayEntriesAreSharedAndRacesHaveOneWinner() async throws {
        try await withTwoInstances { first, second in
            let nonce = Array(Sample.uniqueID("nonce-").utf8)
            #expect(try await first.insertIfAbsent(nonce, expiry: Sample.now.addingTimeInterval(300), now: Sample.now))
            #expect(try await second.insertIfAbsent(nonce, expiry: Sample.now.addingTimeInterval(300), now: Sample.now) == false)
            #expect(try await second.insertIfAbsent(nonce, expiry: Sample.now.addingTimeInterval(900), now: Sample.now.addingTimeInterval(300)))

            let raced = Array(Sample.uniqueID("raced-").utf8)
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<10 {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask { try await store.insertIfAbsent(raced, expiry: Sample.now.addingTimeInterval(60), now: Sample.now) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 1)
        }
    }
}
