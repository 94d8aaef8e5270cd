public import Foundation
import TesseraCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension MasterKey {
    /// The key in the file at `url`, created there (32 random bytes, mode 0600) when the file does
    /// not exist yet. Creation is atomic: the bytes are written and synced to a temporary file
    /// that is then linked into place, so a concurrent starter or a crash never leaves a short
    /// key behind, and two starters end up with the same key. The directory must exist.
    ///
    /// Refuses (``StoreError``) a file that is not a regular file, that users other than its
    /// owner may read or write (`chmod 600` it), or that is not exactly 32 bytes.
    public static func loadOrCreate(at url: URL) throws -> MasterKey {
        let path = url.path
        if access(path, F_OK) != 0 {
            try create(at: path)
        }
        return try load(from: url)
    }

    /// The key in the existing file at `url`, with the same checks as ``loadOrCreate(at:)``.
    public static func load(from url: URL) throws -> MasterKey {
        let path = url.path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw fileError("cannot open the master key file \(path)") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw fileError("cannot stat the master key file \(path)") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(.masterKeyFileInsecure, "the master key file \(path) is not a regular file")
        }
        guard (status.st_mode & 0o077) == 0 else {
            throw StoreError(
                .masterKeyFileInsecure,
                "the master key file \(path) is accessible to other users (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        var buffer = [UInt8](repeating: 0, count: byteCount + 1)
        var total = 0
        while total < buffer.count {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0 {
                if errno == EINTR { continue }
                throw fileError("cannot read the master key file \(path)")
            }
            if count == 0 { break }
            total += count
        }
        guard total == byteCount else {
            throw StoreError(.invalidMasterKey, "the master key file \(path) does not hold exactly \(byteCount) bytes")
        }
        return try MasterKey(bytes: Array(buffer.prefix(byteCount)))
    }

    private static func create(at path: String) throws {
        let temporary = "\(path).tmp-\(SecureRandom.bytes(8).map { String(format: "%02x", $0) }.joined())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw fileError("cannot create the master key file \(path)") }
        defer { unlink(temporary) }
        let bytes = SecureRandom.bytes(byteCount)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fchmod(descriptor, 0o600) == 0 && fsync(descriptor) == 0
        close(descriptor)
        guard written == byteCount, synced else { throw fileError("cannot write the master key file \(path)") }
        // link() refuses an existing target: whoever links first wins, the others read its key.
        if link(temporary, path) != 0, errno != EEXIST {
            throw fileError("cannot create the master key file \(path)")
        }
        syncDirectory(of: path)
    }

    /// Makes the new directory entry durable; best effort (some file systems refuse it).
    private static func syncDirectory(of path: String) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func fileError(_ reason: String) -> StoreError {
        StoreError(.masterKeyFileUnavailable, "\(reason): \(String(cString: strerror(errno)))")
    }
}
