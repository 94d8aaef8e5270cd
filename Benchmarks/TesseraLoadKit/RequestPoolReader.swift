import Foundation

/// Reads a request pool file lazily, one record at a time, `chunkSize` bytes per read, so a pool
/// of hundreds of thousands of signed requests (gigabytes) never has to be in memory: the
/// reader holds one chunk and the records it split from it. Not thread-safe; share it behind a
/// lock.
public final class RequestPoolReader {
    private let file: FileHandle
    private let chunkSize: Int
    private var splitter: RecordSplitter
    private var ready: [[UInt8]] = []
    private var nextReady = 0
    private var atEnd = false

    /// How many records were handed out.
    public private(set) var delivered = 0

    /// Opens `path` for reading.
    ///
    /// - Throws: when the file cannot be opened.
    public init(path: String, separator: UInt8 = 0x1E, chunkSize: Int = 256 * 1024) throws {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        self.file = file
        self.chunkSize = max(1, chunkSize)
        self.splitter = RecordSplitter(separator: separator)
    }

    deinit {
        try? file.close()
    }

    /// The next record, or nil when the file is exhausted (a last record without its separator
    /// is dropped: the pool writer ends every record, so it would be a truncated file).
    public func next() throws -> [UInt8]? {
        while nextReady == ready.count {
            guard !atEnd else { return nil }
            let chunk = try file.read(upToCount: chunkSize) ?? Data()
            if chunk.isEmpty {
                atEnd = true
                return nil
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
        return record
    }
}
