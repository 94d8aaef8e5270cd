public import Foundation
public import SecurityCore

/// Who writes a message's replay-cache entries (its signatures' and its UsernameToken nonces').
public enum ReplayRecording: Sendable, Hashable {
    /// The engine records each entry as it accepts it (the default).
    case immediate
    /// The engine only checks that no entry is recorded yet (a read, so that a replay is refused
    /// before the receiver spends work on it) and hands the entries to the receiver in
    /// ``SecurityHeaderResult/deferredReplayEntries``. The receiver must record them before it
    /// answers: in the transaction that stores what it produces for the message (a token
    /// service's token record), or on their own with ``DeferredReplayEntries/record(in:now:)``
    /// — refusing the message when one turns out recorded. A receiver that answers without
    /// recording them accepts the message again when it is replayed.
    case deferredToReceiver
}

/// The replay-cache entries of an accepted message whose recording the receiver took over
/// (``ReplayRecording/deferredToReceiver``), each with the refusal a replay of it gets: the same
/// fault the engine answers when it records the entry itself.
public struct DeferredReplayEntries: Sendable {
    public struct Entry: Sendable {
        /// The value the replay cache must not accept twice.
        public let value: [UInt8]
        /// When it may be forgotten: the message is unacceptable from then on.
        public let expiry: Date
        /// The error a message whose entry is already recorded is refused with.
        public let refusal: WSSecurityError
    }

    public internal(set) var entries: [Entry] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    /// Records each entry on its own in `cache`; throws the entry's ``Entry/refusal`` when one
    /// is recorded and unexpired (the entries before it stay recorded, as the engine leaves them).
    public func record(in cache: any ReplayCache, now: Date) async throws {
        for entry in entries {
            guard try await cache.insertIfAbsent(entry.value, expiry: entry.expiry, now: now) else { throw entry.refusal }
        }
    }

    /// Throws the refusal of the first entry `cache` holds unexpired; writes nothing.
    func checkNoneRecorded(in cache: any ReplayCache, now: Date) async throws {
        for entry in entries where try await cache.isRecorded(entry.value, now: now) {
            throw entry.refusal
        }
    }

    mutating func append(_ value: [UInt8], expiry: Date, refusal: WSSecurityError) {
        entries.append(Entry(value: value, expiry: expiry, refusal: refusal))
    }
}
