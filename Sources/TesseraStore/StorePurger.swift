public import Foundation
public import Logging
public import SecurityCore
public import ServiceLifecycle

/// Deletes expired tokens, contexts, replay entries and context revocations from a store at a fixed interval, and logs
/// how many of each it deleted. A ServiceLifecycle `Service`: it stops at graceful shutdown.
/// A failed purge is logged and retried at the next interval; it never stops the service.
public struct StorePurger: Service {
    public let store: any DurableStore
    public let interval: Duration
    public let clock: TimeSource
    /// How long after expiry records are kept: a service that renews contexts up to this long
    /// after they expired (WS-SC 1.3 §8) needs them, and their revocations, until then.
    public let retention: TimeInterval
    public let logger: Logger

    /// - Parameters:
    ///   - interval: time between purges (the first one runs one interval after start).
    ///   - clock: where "now" comes from: rows that expired `retention` before it are deleted.
    ///   - retention: seconds a record is kept after it expired (0: deleted once expired).
    public init(
        store: any DurableStore, interval: Duration = .seconds(300), clock: TimeSource = .system,
        retention: TimeInterval = 0, logger: Logger = Logger(label: "tessera.store.purger")
    ) {
        self.store = store
        self.interval = interval
        self.clock = clock
        self.retention = max(0, retention)
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            while true {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
                await purgeOnce()
            }
        }
    }

    /// One purge now: the counts, or nil when the store failed (logged).
    @discardableResult
    public func purgeOnce() async -> PurgeCounts? {
        do {
            let counts = try await store.purgeExpired(before: clock.now.addingTimeInterval(-retention))
            logger.info(
                "purged expired records",
                metadata: [
                    "tokens": "\(counts.tokens)", "contexts": "\(counts.contexts)", "replayEntries": "\(counts.replayEntries)",
                    "revocations": "\(counts.revocations)",
                ])
            return counts
        } catch {
            logger.error("purging expired records failed", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
