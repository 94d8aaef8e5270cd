import Foundation
import STS
import TesseraCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file holding the key that opens users' sealed PasswordDigest passwords
/// (``ServerConfiguration/usersDigestKey``, ``STS/SealedPassword``): exactly 32 random bytes,
/// a regular file readable by its owner only. It lives outside the configuration file, so the
/// configuration (and its backups) never holds a password in a form anyone can read.
///
/// Refuses a file that is missing, not a regular file, accessible to group or others, or not
/// exactly 32 bytes, with a ``ConfigurationError`` against `usersDigestKey` naming the file and
/// the rule; a key is never printed.
public enum DigestKeyFile {
    /// The configuration field the file is named by.
    static let field = "usersDigestKey"

    /// The key in the existing file at `path`.
    public static func load(from path: String) throws(ConfigurationError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw problem("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw problem("\(path) is not a regular file")
        }
        guard (status.st_mode & 0o077) == 0 else {
            throw problem("\(path) is accessible to other users (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        var buffer = [UInt8](repeating: 0, count: SealedPassword.keyByteCount + 1)
        var total = 0
        while total < buffer.count {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw problem("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            total += count
        }
        guard total == SealedPassword.keyByteCount else {
            throw problem("\(path) does not hold exactly \(SealedPassword.keyByteCount) bytes")
        }
        return Array(buffer.prefix(SealedPassword.keyByteCount))
    }

    /// The key in the file at `path`, first created there (32 random bytes, mode 0600, written
    /// in full before it is linked into place) when no file exists; `created` says which.
    public static func loadOrCreate(at path: String) throws(ConfigurationError) -> (key: [UInt8], created: Bool) {
        guard access(path, F_OK) != 0 else { return (try load(from: path), false) }
        let temporary = "\(path).tmp-\(SecureRandom.bytes(8).map { String(format: "%02x", $0) }.joined())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw problem("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { unlink(temporary) }
        let key = SecureRandom.bytes(SealedPassword.keyByteCount)
        let written = key.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fchmod(descriptor, 0o600) == 0 && fsync(descriptor) == 0
        close(descriptor)
        guard written == key.count, synced else { throw problem("cannot write \(path)") }
        guard link(temporary, path) == 0 else {
            // Another writer created it first: use its key.
            if errno == EEXIST { return (try load(from: path), false) }
            throw problem("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        return (key, true)
    }

    private static func problem(_ reason: String) -> ConfigurationError {
        ConfigurationError(field: field, reason)
    }
}
