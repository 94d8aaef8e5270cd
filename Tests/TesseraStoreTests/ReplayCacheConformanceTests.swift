import Foundation
import SecurityCore
import Testing
import TesseraStore

/// ReplayCache behaviour, the same for both stores.
struct ReplayCacheConformanceTests {
    @Test(arguments: StoreKind.tested)
    func aValueIsAcceptedOnceUntilItExpires(_ kind: StoreKind) async throws {
        // Explicitly throwing: every `try` of the body is inside #expect, which closure inference does not see.
        try await withStore(kind) { (subject) async throws in
            let cache = subject.store
            let nonce = Array(Sample.uniqueID("nonce-").utf8)
            let expiry = Sample.now.addingTimeInterval(300)
            func accepted(_ value: [UInt8], expiry: Date, now: Date) async throws -> Bool {
                try await cache.insertIfAbsent(value, expiry: expiry, now: now)
            }
            #expect(try await accepted(nonce, expiry: expiry, now: Sample.now))
            #expect(try await !accepted(nonce, expiry: expiry, now: Sample.now.addingTimeInterval(1)))
            #expect(try await !accepted(nonce, expiry: expiry.addingTimeInterval(900), now: Sample.now.addingTimeInterval(299.999)))
            // Expired (expiry <= now): the entry counts as absent and is recorded anew.
            #expect(try await accepted(nonce, expiry: expiry.addingTimeInterval(300), now: expiry))
            #expect(try await !accepted(nonce, expiry: expiry.addingTimeInterval(300), now: expiry.addingTimeInterval(1)))
            // Other values are independent.
            #expect(try await accepted(nonce + [0], expiry: expiry, now: Sample.now))
        }
    }

    @Test(arguments: StoreKind.tested)
    func ofConcurrentInsertsOfOneValueExactlyOneIsAccepted(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let cache = subject.store
            let value = Array(Sample.uniqueID("signature-").utf8)
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await cache.insertIfAbsent(value, expiry: Sample.now.addingTimeInterval(60), now: Sample.now) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 1)
        }
    }

    /// What is stored is SHA-256 of the value, never the value: "abc" is stored as the FIPS 180-2
    /// test vector's digest.
    @Test(arguments: StoreKind.tested)
    func theStoreKeepsTheSHA256OfTheValue(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            #expect(try await subject.store.insertIfAbsent(Array("abc".utf8), expiry: Sample.now.addingTimeInterval(60), now: Sample.now))
            let digests = try await subject.replayDigests()
            #expect(digests.map(\.hex) == ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"])
            #expect(!digests.contains { $0.contains(subsequence: Array("abc".utf8)) })
        }
    }
}
