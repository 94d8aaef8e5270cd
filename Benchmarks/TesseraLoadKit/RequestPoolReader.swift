import Foundation

/// Reads a request pool file lazily, one record at a time, `chunkSize` bytes per read, so a pool
/// of hundreds of thousands of signed requests (gigabytes) never has to be in memory: the
/// reader holds one chunk and the records it split from it. With `cycle` the file is read again
/// from its start whenever it ends, for requests that may be sent more than once (identity
/// assertions without a nonce or signature to replay-check). Not thread-safe; share it behind
/// a lock.
public final class RequestPoolReader {
    private let file: FileHandle
    private let chunkSize: Int
    private var splitter: RecordSplitter
    private var ready: [[UInt8]] = []
    private var nextReady = 0
    private var atEnd = false
    private let cycle: Bool
    /// Records handed out since the file was last opened or rewound.
    private var deliveredThisPass = 0

    /// How many records were handed out.
    public private(set) var delivered = 0

    /// Opens `path` for reading; with `cycle`, ``next()`` starts again from the first record
    /// after the last.
    ///
    /// - Throws: when the file cannot be opened.
    public init(path: String, separator: UInt8 = 0x1E, chunkSize: Int = 256 * 1024, cycle: Bool = false) throws {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        self.file = file
        self.chunkSize = max(1, chunkSize)
        self.cycle = cycle
        self.splitter = RecordSplitter(separator: separator)
    }

    deinit {
        try? file.close()
    }

    /// The next record, or nil when the file is exhausted (a last record without its separator
    /// is dropped: the pool writer ends every record, so it would be a truncated file). When
    /// cycling, nil only for a file without a single complete record.
    public func next() throws -> [UInt8]? {
        while nextReady == ready.count {
            guard !atEnd else { return nil }
            let chunk = try file.read(upToCount: chunkSize) ?? Data()
            if chunk.isEmpty {
                guard cycle, deliveredThisPass > 0 else {
                    atEnd = true
                    return nil
                }
                try file.seek(toOffset: 0)
                splitter = RecordSplitter(separator: splitter.separator)
                deliveredThisPass = 0
                continue
            }
            // Split on a local copy: one exclusivity check per chunk, not per record.
            var local = splitter
            splitter = RecordSplitter(separator: local.separator)
            ready = local.append(chunk)
            splitter = local
            nextReady = 0
        }
        let record = ready[nextReady]
        nextReady += 1
        delivered += 1
        deliveredThisPass += 1
        return record
    }
}
