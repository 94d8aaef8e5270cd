import Foundation
import SecurityCore
import Testing
import WSSecurity

/// `XSDDateTime.format` writes dates digit by digit; Foundation's ISO 8601 formatter is the
/// reference it must agree with, byte for byte.
struct XSDDateTimeFormatTests {
    /// The reference: Foundation for the whole seconds, the rounded milliseconds appended.
    private func foundationFormat(_ date: Date, milliseconds: Bool) -> String {
        let total = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (total / 1000).rounded(.down)
        let whole = Date(timeIntervalSince1970: seconds).formatted(Date.ISO8601FormatStyle())
        guard milliseconds else { return whole }
        return whole.dropLast() + String(format: ".%03dZ", Int(total - seconds * 1000))
    }

    @Test func agreesWithFoundationAcrossCenturiesLeapDaysAndRounding() {
        var dates = [
            "1970-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2000-02-29T12:00:00Z", "2024-02-29T23:59:59Z",
            "2100-03-01T00:00:00Z", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
        ].map { try! Date($0, strategy: Date.ISO8601FormatStyle()) }
        dates += [0.0004, 0.0005, 0.9996, -0.0004, -0.9996, 1_748_779_200.9995].map { Date(timeIntervalSince1970: $0) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: -30_000_000_000...250_000_000_000, using: &generator)))
        }
        for date in dates {
            #expect(XSDDateTime.format(date) == foundationFormat(date, milliseconds: true), "\(date.timeIntervalSince1970)")
            #expect(XSDDateTime.format(date, milliseconds: false) == foundationFormat(date, milliseconds: false))
        }
    }

    @Test func roundTripsThroughTheParser() {
        let date = Date(timeIntervalSince1970: 1_748_779_200.344)
        let text = XSDDateTime.format(date)
        #expect(text == "2025-06-01T12:00:00.344Z")
        #expect(XSDDateTime.parse(text).map { abs($0.timeIntervalSince(date)) < 0.0005 } == true)
    }
}
