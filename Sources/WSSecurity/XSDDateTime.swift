import Foundation

/// `xsd:dateTime` as WS-Security writes it: UTC, `Z`, optional fractional seconds.
public enum XSDDateTime {
    /// Parses a UTC timestamp; offsets other than `Z` are accepted as ISO 8601 allows.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(trimmed, strategy: Date.ISO8601FormatStyle())
    }

    /// Formats in UTC with millisecond precision (rounded, not truncated), e.g.
    /// `2009-11-08T11:03:20.344Z`, or whole seconds.
    public static func format(_ date: Date, milliseconds: Bool = true) -> String {
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = Date(timeIntervalSince1970: TimeInterval(totalMilliseconds.floorDivided(by: 1000)))
        let whole = seconds.formatted(Date.ISO8601FormatStyle())
        guard milliseconds else { return whole }
        let fraction = totalMilliseconds - totalMilliseconds.floorDivided(by: 1000) * 1000
        let digits = String(fraction)
        return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
