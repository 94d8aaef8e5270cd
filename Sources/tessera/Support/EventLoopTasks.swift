import NIOCore
import NIOPosix

/// Where a server command's Swift tasks run: on NIO's event-loop threads, the ones its
/// connections use, instead of Swift's cooperative pool.
///
/// A request then is read, handled and answered on one thread: no hand-off from the event loop
/// to a pool thread and back, no `eventfd` wake-up of a sleeping event loop for each response
/// written from a task. Measured with scripts/perf-serve's load (16 connections, pre-signed
/// Issue requests, SQLite), `tessera serve` spent 15% less CPU per token and issued 17% more
/// tokens per second at the peak, with a lower p99 (docs/benchmarks.md).
///
/// The work that may block for long (password hashing) has its own bounded pool and never runs
/// on these threads; SQLite writes run on the calling thread as before (a commit is a `write(2)`
/// into the WAL).
enum EventLoopTasks {
    /// Makes NIO's singleton event-loop group Swift's global executor; call once, first thing in
    /// the command. Tasks already running finish where they are; every task enqueued afterwards
    /// runs on an event loop, the one it was enqueued from when that is one. False when the
    /// runtime did not let NIO take over (Swift's own pool is kept then).
    @discardableResult
    static func install() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
