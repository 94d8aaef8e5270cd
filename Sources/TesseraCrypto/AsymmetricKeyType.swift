/// The padding scheme of an RSA signature.
public enum RSASignaturePadding: Sendable, Hashable {
    /// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2), XML-DSig `rsa-sha*`.
    case pkcs1v15
    /// RSASSA-PSS (RFC 8017 §8.1) with the defaults of RFC 6931 `rsa-pss` and XML-DSig 1.1:
    /// MGF1 with the message digest, salt length equal to the digest length, trailer field 1.
    /// Verification requires exactly that salt length.
    case pss
}

/// The NIST prime curves XML-DSig 1.1 `ecdsa-sha*` is used with.
public enum ECCurve: Sendable, Hashable {
    /// NIST P-256 (secp256r1, prime256v1).
    case p256
    /// NIST P-384 (secp384r1).
    case p384
    /// NIST P-521 (secp521r1).
    case p521

    /// The byte length of one coordinate or scalar: a raw ECDSA signature is twice this long.
    public var coordinateByteCount: Int {
        switch self {
        case .p256: 32
        case .p384: 48
        case .p521: 66
        }
    }

    /// OpenSSL's group names for the curve.
    var openSSLGroupNames: Set<String> {
        switch self {
        case .p256: ["prime256v1", "P-256", "secp256r1"]
        case .p384: ["secp384r1", "P-384"]
        case .p521: ["secp521r1", "P-521"]
        }
    }

    init?(openSSLGroupName name: String) {
        for curve in [ECCurve.p256, .p384, .p521] where curve.openSSLGroupNames.contains(name) {
            self = curve
            return
        }
        return nil
    }
}

/// What kind of key a ``PublicKey`` or ``PrivateKey`` is, so that callers can refuse weak keys
/// (for example RSA below 2048 bits). This module loads such keys and leaves the decision to policy.
public enum AsymmetricKeyType: Sendable, Hashable {
    /// An RSA key whose modulus is `bits` long.
    case rsa(bits: Int)
    /// An elliptic-curve key on `curve`.
    case ec(ECCurve)
}
