/// Splits a byte stream into records ended by one separator byte (the request pool written by
/// `tessera-bench rst-pool` ends each SOAP envelope with 0x1E), however the stream is cut into
/// chunks. Bytes after the last separator are kept for the next chunk; empty records (two
/// separators in a row) are skipped.
public struct RecordSplitter: Sendable {
    /// The byte that ends every record.
    public let separator: UInt8
    /// Bytes of a record not yet ended.
    public private(set) var pending: [UInt8] = []

    public init(separator: UInt8) {
        self.separator = separator
    }

    /// Appends `chunk` and returns the records it completes, in order.
    public mutating func append<Bytes: Collection>(_ chunk: Bytes) -> [[UInt8]] where Bytes.Element == UInt8 {
        var records: [[UInt8]] = []
        var start = chunk.startIndex
        while let end = chunk[start...].firstIndex(of: separator) {
            pending += chunk[start..<end]
            if !pending.isEmpty { records.append(pending) }
            pending = []
            start = chunk.index(after: end)
        }
        pending += chunk[start...]
        return records
    }
}
