internal import Crypto

/// Cryptographically secure random bytes, for keys, IVs, nonces and salts.
public enum SecureRandom {
    /// `count` random bytes from swift-crypto's generator (the operating system's CSPRNG).
    /// `count` must not be negative; zero gives an empty array.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes: negative count")
        guard count > 0 else { return [] }
        let key = SymmetricKey(size: SymmetricKeySize(bitCount: count * 8))
        return key.withUnsafeBytes { Array($0) }
    }
}
