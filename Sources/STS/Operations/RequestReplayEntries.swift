import Foundation
import SecurityCore
import StoreProtocols
import WSSecurity
import WSTrust

/// The replay-cache entries of one request (its signatures', its UsernameToken nonces'), which
/// the token service records itself rather than the WS-Security engine: with the token record,
/// in one transaction, when the request stores a token in a store that is also the replay cache
/// (one commit per issuance); on their own before any other answer. Each is recorded exactly
/// once, and a request whose entry turns out recorded is refused as the engine refuses a
/// replay, whichever way it is recorded.
final class RequestReplayEntries {
    private var held = DeferredReplayEntries()

    /// Holds `entries` (the engine's, for this request) until they are recorded.
    func hold(_ entries: DeferredReplayEntries) {
        held = entries
    }

    /// Records the held entries on their own, if any are still held.
    func recordOnTheirOwn(in cache: any ReplayCache, now: Date) async throws {
        guard !held.isEmpty else { return }
        let entries = held
        held = DeferredReplayEntries()
        try await entries.record(in: cache, now: now)
    }

    /// Inserts `record` and records the held entries: in one transaction when `ledger` is the
    /// replay cache, else the entries first and then the record. Throws the refusal of a held
    /// entry found recorded (nothing is inserted then), and `wst:RequestFailed` when the store
    /// fails.
    func insert(_ record: IssuedTokenRecord, into store: any TokenStore, ledger: (any ReplayRecordingTokenStore)?, cache: any ReplayCache, now: Date)
        async throws
    {
        if let ledger, !held.isEmpty {
            let entries = held
            let outcome: ReplayCheckedInsert
            do {
                outcome = try await ledger.insert(record, recording: entries.entries.map { ReplayEntry(value: $0.value, expiry: $0.expiry) }, now: now)
            } catch {
                throw WSTrustError(.requestFailed, "the token could not be recorded")
            }
            // Recorded, or refused: another request recorded the entry, and this one is a replay.
            held = DeferredReplayEntries()
            if case .replayed(let index) = outcome { throw entries.entries[index].refusal }
            return
        }
        try await recordOnTheirOwn(in: cache, now: now)
        do {
            try await store.insert(record)
        } catch {
            throw WSTrustError(.requestFailed, "the token could not be recorded")
        }
    }
}
