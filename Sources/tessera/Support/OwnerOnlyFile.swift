import Foundation

import Glibc

/// A file only its owner may read or write (mode 0600), for secrets: written whole or not at all
/// (a temporary file beside it, created 0600 and synced, then linked or renamed into place), and
/// read only when no other user can reach it.
enum OwnerOnlyFile {
    /// Writes `bytes` to `path`. Without `replacing`, refuses when `path` exists (the link that
    /// puts the file in place fails then, so two writers cannot both succeed); with it, replaces
    /// the file in one rename.
    static func write(_ bytes: [UInt8], to path: String, replacing: Bool) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + "." + UUID().uuidString + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot write", path) }
        defer { unlink(temporary) }
        let written = writeAll(bytes, to: descriptor) && fchmod(descriptor, 0o600) == 0 && fsync(descriptor) == 0
        close(descriptor)
        guard written else { throw failure("cannot write", path) }
        if replacing {
            guard rename(temporary, path) == 0 else { throw failure("cannot write", path) }
        } else {
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { throw CommandFailure.cannotRun("'\(path)' already exists (--force replaces it)") }
                throw failure("cannot write", path)
            }
        }
    }

    /// The bytes of the regular file at `path`, refused when group or others have any access to
    /// it or it is larger than `maximumBytes`.
    static func read(_ path: String, maximumBytes: Int) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot read", path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw CommandFailure.cannotRun("'\(path)' is not a regular file")
        }
        guard (status.st_mode & 0o077) == 0 else {
            throw CommandFailure.cannotRun("'\(path)' is accessible to other users (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        var buffer = [UInt8](repeating: 0, count: maximumBytes + 1)
        var total = 0
        while total < buffer.count {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw failure("cannot read", path) }
            if count == 0 { break }
            total += count
        }
        guard total <= maximumBytes else { throw CommandFailure.cannotRun("'\(path)' is larger than \(maximumBytes) bytes") }
        return Array(buffer.prefix(total))
    }

    /// Removes the file at `path`.
    static func remove(_ path: String) throws {
        guard unlink(path) == 0 else { throw failure("cannot remove", path) }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    private static func failure(_ action: String, _ path: String) -> CommandFailure {
        CommandFailure.cannotRun("\(action) '\(path)': \(String(cString: strerror(errno)))")
    }
}
