import Foundation
import SecureConversation
import StoreProtocols
import Testing
import TesseraStore

/// SecurityContextStore behaviour, the same for both stores: save, read, renew, cancel.
struct SecurityContextStoreConformanceTests {
    @Test(arguments: StoreKind.tested)
    func savedContextsReadBackWithTheirSecret(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let plain = Sample.context()
            let renewedForm = Sample.context(instance: "urn:uuid:instance-2", secret: Array(0..<64))
            try await subject.store.save(plain)
            try await subject.store.save(renewedForm)
            #expect(try await subject.store.context(identifier: plain.identifier) == plain)
            #expect(try await subject.store.context(identifier: renewedForm.identifier) == renewedForm)
            #expect(try await subject.store.context(identifier: Sample.uniqueID("urn:uuid:")) == nil)
        }
    }

    /// A context a token service issued for another service keeps its AppliesTo (WS-SC 1.3 §3),
    /// through a renewal too; one without reads back without.
    @Test(arguments: StoreKind.tested)
    func theAppliesToOfAContextReadsBack(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            var scoped = Sample.context()
            scoped.appliesTo = "https://services.tessera.test/echo"
            try await subject.store.save(scoped)
            #expect(try await subject.store.context(identifier: scoped.identifier)?.appliesTo == scoped.appliesTo)
            var renewed = scoped
            renewed.instance = "urn:uuid:renewed"
            try await subject.store.save(renewed)
            #expect(try await subject.store.context(identifier: scoped.identifier) == renewed)
            let plain = Sample.context()
            try await subject.store.save(plain)
            #expect(try await subject.store.context(identifier: plain.identifier)?.appliesTo == nil)
        }
    }

    /// Renewal: a save with the same identifier replaces secret, instance and lifetime.
    @Test(arguments: StoreKind.tested)
    func savingAgainReplacesAnActiveContext(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let original = Sample.context()
            try await subject.store.save(original)
            let renewed = Sample.context(
                identifier: original.identifier, instance: "urn:uuid:second", secret: [UInt8](repeating: 7, count: 32),
                created: Sample.now.addingTimeInterval(600), expires: Sample.now.addingTimeInterval(4200))
            try await subject.store.save(renewed)
            #expect(try await subject.store.context(identifier: original.identifier) == renewed)
        }
    }

    @Test(arguments: StoreKind.tested)
    func cancelMarksTheContextAndReportsUnknownOnes(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let context = Sample.context()
            try await subject.store.save(context)
            #expect(try await subject.store.cancel(identifier: context.identifier) == true)
            var cancelled = context
            cancelled.status = .cancelled
            #expect(try await subject.store.context(identifier: context.identifier) == cancelled)
            #expect(try await subject.store.cancel(identifier: Sample.uniqueID("urn:uuid:")) == false)
        }
    }

    /// A renewal racing a cancellation must not bring the context back.
    @Test(arguments: StoreKind.tested)
    func aCancelledContextCannotBeSavedAgain(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            let context = Sample.context()
            try await subject.store.save(context)
            _ = try await subject.store.cancel(identifier: context.identifier)
            let error = try await #require(throws: StoreError.self) {
                try await subject.store.save(Sample.context(identifier: context.identifier))
            }
            #expect(error.code == .contextCancelled)
            #expect(try await subject.store.context(identifier: context.identifier)?.status == .cancelled)
            #expect(try await subject.store.context(identifier: context.identifier)?.secret == context.secret)
        }
    }

    @Test(arguments: StoreKind.tested)
    func contextsOutOfBoundsAreRefused(_ kind: StoreKind) async throws {
        try await withStore(kind) { subject in
            for record in [
                Sample.context(identifier: ""),
                Sample.context(secret: []),
                Sample.context(secret: [UInt8](repeating: 1, count: StoreLimits.maximumSecretBytes + 1)),
                Sample.context(instance: String(repeating: "i", count: StoreLimits.maximumIdentifierBytes + 1)),
            ] {
                let error = try await #require(throws: StoreError.self) { try await subject.store.save(record) }
                #expect(error.code == .invalidRecord)
            }
        }
    }
}
