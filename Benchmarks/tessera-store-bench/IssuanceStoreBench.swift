import Foundation
import SAML
import StoreProtocols
import TesseraCrypto
import TesseraStore

/// `tessera-store-bench --issuance N`: the durable work one STS issuance asks of `SQLiteStore`,
/// alone. Per issuance: the replay read the WS-Security engine makes once the request's policy
/// check passed (`isRecorded`), then the transaction that records the request's replay entry
/// with the token record (`insert(_:recording:now:)`), as the STS does for a signed Issue
/// request. Fresh 64-byte replay values and assertion IDs each time; 200 untimed issuances
/// first; the CPU time (user and system) of the N after, per issuance.
///
/// `scripts/reference/sqlite_issuance.c` runs the same statements on the same schema through
/// SQLite's C API, so `scripts/bench --sts` can set the store's cost beside SQLite's own.
enum IssuanceStoreBench {
    static let warmUp = 200

    static func run(issuances: Int, directory: URL) async throws {
        let store = try SQLiteStore(path: directory.appendingPathComponent("issuance.sqlite").path, masterKey: .generate())
        let now = Date()
        var start = 0.0
        for index in 0..<(warmUp + issuances) {
            if index == warmUp { start = cpuSeconds() }
            let value = SecureRandom.bytes(64)
            guard try await !store.isRecorded(value, now: now) else { throw BenchError.unexpected("a fresh replay value is recorded") }
            let entry = ReplayEntry(value: value, expiry: now.addingTimeInterval(300))
            guard try await store.insert(record(now: now), recording: [entry], now: now) == .recorded else {
                throw BenchError.unexpected("the issuance's transaction did not commit")
            }
        }
        let perIssuance = (cpuSeconds() - start) / Double(issuances) * 1e6
        print(String(format: "store-issuance %.1f µs CPU per issuance (SQLiteStore: replay read, then one transaction; %d issuances)", perIssuance, issuances))
    }

    /// A token record shaped like the load test's: a SAML 2.0 assertion for a gateway's consumer,
    /// keyed by a fresh assertion ID as the STS makes them (time first, then 128 random bits).
    static func record(now: Date) -> IssuedTokenRecord {
        IssuedTokenRecord(
            id: SAMLIdentifier.generate(),
            tokenType: "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0",
            subject: "alice", requestor: "CN=Tessera Test Gateway,O=Tessera Test", appliesTo: "https://provider.example/hello",
            relyingParty: "https://provider.example/hello", created: now, expires: now.addingTimeInterval(3600), renewable: true)
    }

    /// This process's CPU time so far, user and system.
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
