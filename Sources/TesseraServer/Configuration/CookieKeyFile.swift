import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file holding a key that seals stateless security contexts (`secureConversation.cookieKey`
/// and `previousCookieKeys`): 32 random bytes in base64, in a regular file readable by its owner
/// only, checked like the store's master key and the digest key file. Whoever reads the key can
/// open every cookie (and its context secret) and mint contexts of their own.
enum CookieKeyFile {
    /// The key's length in bytes (AES-256, sealing cookies with AES-GCM).
    static let keyByteCount = 32
    /// The longest file read: base64 of the key with room for line breaks and spaces.
    static let maximumFileBytes = 1024

    /// The key in the file at `path`, or a problem that names the file and the rule (never the key).
    static func load(from path: String) -> Result<[UInt8], CookieKeyFileProblem> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(CookieKeyFileProblem("cannot read '\(path)'")) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            return .failure(CookieKeyFileProblem("'\(path)' is not a regular file"))
        }
        guard (status.st_mode & 0o077) == 0 else {
            return .failure(
                CookieKeyFileProblem(
                    "'\(path)' is accessible to other users (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it"))
        }
        var buffer = [UInt8](repeating: 0, count: maximumFileBytes + 1)
        var total = 0
        while total < buffer.count {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return .failure(CookieKeyFileProblem("cannot read '\(path)'")) }
            if count == 0 { break }
            total += count
        }
        let text = String(decoding: buffer.prefix(total), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard total <= maximumFileBytes, let key = Data(base64Encoded: text), key.count == keyByteCount else {
            return .failure(CookieKeyFileProblem("'\(path)' must hold \(keyByteCount) random bytes in base64 (head -c 32 /dev/urandom | base64)"))
        }
        return .success([UInt8](key))
    }
}

/// Why a cookie key file was refused, safe to print.
struct CookieKeyFileProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
