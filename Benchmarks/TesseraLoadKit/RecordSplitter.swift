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
        // One contiguous copy, then memchr-speed searches and memcpy-speed appends.
        let bytes = Array(chunk)
        var records: [[UInt8]] = []
        var start = 0
        while let end = bytes[start...].firstIndex(of: separator) {
            pending.append(contentsOf: bytes[start..<end])
            if !pending.isEmpty { records.append(pending) }
            pending.removeAll(keepingCapacity: true)
            start = end + 1
        }
        pending.append(contentsOf: bytes[start...])
        return records
    }
}
