public import Foundation

/// Where every time check takes "now" from, so tests and replays can pin it.
public struct TimeSource: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    public var now: Date { read() }

    /// The system clock.
    public static let system = TimeSource { Date() }

    /// A clock stopped at `date`.
    public static func fixed(_ date: Date) -> TimeSource { TimeSource { date } }
}
