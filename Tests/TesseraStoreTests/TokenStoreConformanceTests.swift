import Foundation
import StoreProtocols
import STS
import Testing
import TesseraStore

/// TokenStore behaviour, the same for both stores: what Validate, Renew and Cancel rely on.
struct TokenStoreConformanceTests {
    @Test(arguments: StoreKind.tested)
    func insertedRecordsReadBackFieldForField(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let full = Sample.token(renewedFrom: "_previous")
            let sparse = Sample.token(
                created: Date(timeIntervalSince1970: 1_750_000_000.5), expires: Date(timeIntervalSince1970: 1_750_000_300.999),
                status: .renewed, appliesTo: nil)
            try await subject.store.insert(full)
            try await subject.store.insert(sparse)
            #expect(try await subject.store.record(id: full.id) == full)
            #expect(try await subject.store.record(id: sparse.id) == sparse)
            #expect(try await subject.store.record(id: Sample.uniqueID()) == nil)
        }
    }

    @Test(arguments: StoreKind.tested)
    func aDuplicateIdIsRefusedAndTheFirstRecordKept(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let first = Sample.token()
            try await subject.store.insert(first)
            var second = Sample.token(id: first.id)
            second.subject = "mallory@example.com"
            let error = try await #require(throws: StoreError.self) { try await subject.store.insert(second) }
            #expect(error.code == .duplicateRecord)
            #expect(try await subject.store.record(id: first.id)?.subject == "alice@example.com")
        }
    }

    @Test(arguments: StoreKind.tested)
    func transitionsHappenOnlyFromTheExpectedStatus(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let token = Sample.token()
            try await subject.store.insert(token)
            #expect(try await subject.store.transition(id: token.id, from: .renewed, to: .cancelled) == false)
            #expect(try await subject.store.record(id: token.id)?.status == .issued)
            #expect(try await subject.store.transition(id: token.id, from: .issued, to: .cancelled) == true)
            #expect(try await subject.store.record(id: token.id)?.status == .cancelled)
            #expect(try await subject.store.transition(id: token.id, from: .issued, to: .renewed) == false)
            #expect(try await subject.store.transition(id: Sample.uniqueID(), from: .issued, to: .cancelled) == false)
        }
    }

    /// Renew and Cancel arriving together: of two transitions from `.issued`, exactly one wins,
    /// and the record ends in the winner's status.
    @Test(arguments: StoreKind.tested)
    func ofTwoConcurrentTransitionsExactlyOneWins(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let store = subject.store
            let tokens = (0..<25).map { _ in Sample.token() }
            for token in tokens { try await store.insert(token) }
            for token in tokens {
                async let cancelled = store.transition(id: token.id, from: .issued, to: .cancelled)
                async let renewed = store.transition(id: token.id, from: .issued, to: .renewed)
                let (cancelWon, renewWon) = try await (cancelled, renewed)
                #expect(cancelWon != renewWon, "exactly one transition must win")
                #expect(try await store.record(id: token.id)?.status == (cancelWon ? .cancelled : .renewed))
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func recordsOutOfBoundsAreRefusedBeforeWriting(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            for record in [
                Sample.token(id: ""),
                Sample.token(id: String(repeating: "x", count: StoreLimits.maximumIdentifierBytes + 1)),
                Sample.token(appliesTo: String(repeating: "a", count: StoreLimits.maximumTextBytes + 1)),
                Sample.token(expires: .distantFuture.addingTimeInterval(1e300)),
            ] {
                let error = try await #require(throws: StoreError.self) { try await subject.store.insert(record) }
                #expect(error.code == .invalidRecord)
            }
        }
    }
}
