/// The JWS algorithms the STS signs JWTs with (RFC 7518 §3.1).
public enum JWTSigningAlgorithm: String, Hashable, Sendable, CaseIterable {
    /// RSASSA-PKCS1-v1_5 with SHA-256, with an RSA key of at least 2048 bits.
    case rs256 = "RS256"
    /// ECDSA on P-256 with SHA-256.
    case es256 = "ES256"
}
