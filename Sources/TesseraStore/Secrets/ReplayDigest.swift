import TesseraCrypto

/// What a replay cache keeps of a value: its SHA-256, never the value (a UsernameToken nonce or a
/// signature value is not a secret, but the store has no need to hold it).
enum ReplayDigest {
    static func of(_ value: [UInt8]) -> [UInt8] {
        DigestAlgorithm.sha256.hash(value)
    }
}
