import Foundation

/// How stores keep instants: whole microseconds since 1970-01-01T00:00:00Z in a 64-bit integer
/// column, the same in SQLite and PostgreSQL. A record read back has its dates rounded to the
/// nearest microsecond; WS-Trust and WS-SC lifetimes carry milliseconds at most.
enum StoreTime {
    static func microseconds(_ date: Date) throws -> Int64 {
        let value = (date.timeIntervalSince1970 * 1_000_000).rounded()
        guard let microseconds = Int64(exactly: value) else {
            throw StoreError(.invalidRecord, "a date outside the range a store can keep")
        }
        return microseconds
    }

    static func date(_ microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }
}
