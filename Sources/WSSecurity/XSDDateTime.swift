import Foundation

/// `xsd:dateTime` as WS-Security writes it: UTC, `Z`, optional fractional seconds.
public enum XSDDateTime {
    /// Parses a UTC timestamp; offsets other than `Z` are accepted as ISO 8601 allows.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(trimmed, strategy: Date.ISO8601FormatStyle())
    }

    /// Formats with millisecond precision, e.g. `2009-11-08T11:03:20.344Z`.
    public static func format(_ date: Date, milliseconds: Bool = true) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: milliseconds))
    }
}
