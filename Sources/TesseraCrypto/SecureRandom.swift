/// Cryptographically secure random bytes, for keys, IVs, nonces and salts.
public enum SecureRandom {
    /// `count` random bytes from OpenSSL's CSPRNG (a DRBG seeded from the operating system; a
    /// tenth of the cost of a `getrandom` system call per request for the 16 to 32-byte values
    /// the message path draws). `count` must not be negative; zero gives an empty array.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes: negative count")
        guard count > 0 else { return [] }
        return OpenSSL.randomBytes(count)
    }
}
