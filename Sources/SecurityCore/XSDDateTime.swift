public import Foundation

/// `xsd:dateTime` as WS-Security writes it: UTC, `Z`, optional fractional seconds.
public enum XSDDateTime {
    /// Parses a UTC timestamp; offsets other than `Z` are accepted as ISO 8601 allows.
    public static func parse(_ text: String) -> Date? {
        if let date = parseUTC(Array(text.utf8)) { return date }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(trimmed, strategy: Date.ISO8601FormatStyle())
    }

    /// The common form `YYYY-MM-DDThh:mm:ss[.fraction]Z`, read by position: every message
    /// carries two or more of these. Anything else returns nil and goes to Foundation's parser.
    private static func parseUTC(_ bytes: [UInt8]) -> Date? {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x0D || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D || bytes[end - 1] == 0x09 { end -= 1 }
        guard end - start >= 20, bytes[end - 1] == UInt8(ascii: "Z") else { return nil }
        func number(_ offset: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start + offset..<start + offset + length {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        let separators: [(offset: Int, byte: UInt8)] = [(4, 0x2D), (7, 0x2D), (10, 0x54), (13, 0x3A), (16, 0x3A)]  // - - T : :
        guard separators.allSatisfy({ bytes[start + $0.offset] == $0.byte }),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        var index = start + 19
        if index < end - 1 {
            guard bytes[index] == UInt8(ascii: "."), index + 1 < end - 1 else { return nil }
            index += 1
            var scale = 0.1
            while index < end - 1 {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
        }
        // Days from the civil date (H. Hinnant's algorithm), proleptic Gregorian, UTC.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = Double(days * 86_400 + hour * 3_600 + minute * 60 + second) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// Formats in UTC with millisecond precision (rounded, not truncated), e.g.
    /// `2009-11-08T11:03:20.344Z`, or whole seconds.
    public static func format(_ date: Date, milliseconds: Bool = true) -> String {
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let wholeSeconds = totalMilliseconds.floorDivided(by: 1000)
        let fraction = Int(totalMilliseconds - wholeSeconds * 1000)
        if let text = formatByPosition(wholeSeconds, milliseconds: milliseconds ? fraction : nil) { return text }
        let whole = Date(timeIntervalSince1970: TimeInterval(wholeSeconds)).formatted(Date.ISO8601FormatStyle())
        guard milliseconds else { return whole }
        let digits = String(fraction)
        return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// `YYYY-MM-DDThh:mm:ss[.fff]Z` written digit by digit for Gregorian years 1583–9999 (every message
    /// carries two or more timestamps); nil outside, where Foundation (Julian before 1582) decides.
    private static func formatByPosition(_ secondsSince1970: Int64, milliseconds: Int?) -> String? {
        let days = Int(secondsSince1970.floorDivided(by: 86_400))
        let secondOfDay = Int(secondsSince1970 - Int64(days) * 86_400)
        // The civil date from days since 1970-01-01 (H. Hinnant's algorithm), proleptic Gregorian.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (1583...9999).contains(year) else { return nil }
        // Written in place into the string's storage: no array in between.
        return String(unsafeUninitializedCapacity: milliseconds == nil ? 20 : 24) { text in
            var count = 0
            func append(_ value: Int, digits: Int) {
                var divisor = 1
                for _ in 1..<digits { divisor *= 10 }
                while divisor > 0 {
                    text[count] = UInt8(48 + (value / divisor) % 10)
                    count += 1
                    divisor /= 10
                }
            }
            func append(_ byte: UInt8) {
                text[count] = byte
                count += 1
            }
            append(year, digits: 4); append(0x2D)
            append(month, digits: 2); append(0x2D)
            append(day, digits: 2); append(0x54)
            append(secondOfDay / 3_600, digits: 2); append(0x3A)
            append(secondOfDay / 60 % 60, digits: 2); append(0x3A)
            append(secondOfDay % 60, digits: 2)
            if let milliseconds {
                append(0x2E)
                append(milliseconds, digits: 3)
            }
            append(0x5A)
            return count
        }
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
