internal import COpenSSL

/// A public key for verifying XML signatures and for RSA key transport.
///
/// RSA keys are held by OpenSSL (any size is loaded; check ``keyType`` to refuse weak keys),
/// EC keys (P-256, P-384, P-521) by swift-crypto. Other key types are refused with
/// ``CryptoError/Code-swift.struct/unsupportedKeyType``.
public struct PublicKey: Sendable {
    enum Backing: Sendable {
        case rsa(EVPKey)
        case ec(ECPublicKey)
    }

    let backing: Backing

    init(backing: Backing) {
        self.backing = backing
    }

    /// Loads a DER `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7), as found in a certificate or a
    /// `ds11:DEREncodedKeyValue`. Trailing bytes after the structure are refused.
    public init(subjectPublicKeyInfoDER der: [UInt8]) throws {
        defer { OpenSSL.clearErrors() }
        guard !der.isEmpty else { throw CryptoError.invalidKey("not a valid SubjectPublicKeyInfo") }
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            let key = d2i_PUBKEY(nil, &cursor, buffer.count)
            guard let key, let cursor, cursor == buffer.baseAddress! + buffer.count else {
                if let key { EVP_PKEY_free(key) }
                return nil
            }
            return key
        }
        guard let decoded else { throw CryptoError.invalidKey("not a valid SubjectPublicKeyInfo") }
        try self.init(evpKey: EVPKey(taking: decoded), subjectPublicKeyInfoDER: der)
    }

    /// Loads a PEM `PUBLIC KEY` (RFC 7468 §13) block.
    public init(pemRepresentation pem: String) throws {
        defer { OpenSSL.clearErrors() }
        let bio = OpenSSL.MemoryBIO(copying: Array(pem.utf8))
        guard let decoded = PEM_read_bio_PUBKEY(bio.pointer, nil, nil, nil) else {
            throw CryptoError.invalidKey("not a PEM PUBLIC KEY")
        }
        let key = EVPKey(taking: decoded)
        try self.init(evpKey: key, subjectPublicKeyInfoDER: key.subjectPublicKeyInfoDER())
    }

    init(evpKey key: EVPKey, subjectPublicKeyInfoDER der: [UInt8]) throws {
        switch key.baseID {
        case EVP_PKEY_RSA:
            self.backing = .rsa(key)
        case EVP_PKEY_EC:
            guard let name = key.ecGroupName, let curve = ECCurve(openSSLGroupName: name) else {
                throw CryptoError.unsupportedKeyType("EC keys are supported on P-256, P-384 and P-521 only")
            }
            self.backing = .ec(try ECPublicKey(curve: curve, subjectPublicKeyInfoDER: der))
        default:
            throw CryptoError.unsupportedKeyType("only RSA and EC public keys are supported")
        }
    }

    /// An RSA public key from the big-endian unsigned `Modulus` and `Exponent` of a
    /// `ds:RSAKeyValue` (XML-DSig §4.4.2.2). Leading zero bytes are allowed.
    ///
    /// Refuses only values that cannot be an RSA key (even modulus, exponent not odd or not
    /// between 1 and the modulus, modulus over 16384 bits); small keys load, see ``keyType``.
    public static func rsa(modulus: [UInt8], exponent: [UInt8]) throws -> PublicKey {
        PublicKey(backing: .rsa(try EVPKey.rsaPublicKey(modulus: modulus, exponent: exponent)))
    }

    /// An EC public key from the uncompressed X9.62 point (`04 || X || Y`) of a
    /// `ds11:ECKeyValue/ds11:PublicKey` (XML-DSig 1.1 §4.5.2.3). Refuses points not on `curve`.
    public static func ec(curve: ECCurve, x962Point: [UInt8]) throws -> PublicKey {
        PublicKey(backing: .ec(try ECPublicKey(curve: curve, x962Point: x962Point)))
    }

    /// The algorithm and size of the key, so that callers can refuse weak keys.
    public var keyType: AsymmetricKeyType {
        switch self.backing {
        case .rsa(let key): .rsa(bits: key.bits)
        case .ec(let key): .ec(key.curve)
        }
    }

    /// The DER `SubjectPublicKeyInfo` of the key.
    public var subjectPublicKeyInfoDER: [UInt8] {
        switch self.backing {
        case .rsa(let key): key.subjectPublicKeyInfoDER()
        case .ec(let key): key.subjectPublicKeyInfoDER
        }
    }

    /// The uncompressed X9.62 point of an EC key (for writing `ds11:ECKeyValue`); `nil` for RSA keys.
    public var x962Point: [UInt8]? {
        switch self.backing {
        case .rsa: nil
        case .ec(let key): key.x962Point
        }
    }

    /// The big-endian unsigned modulus and public exponent of an RSA key, without leading zero
    /// bytes (for writing `ds:RSAKeyValue`); `nil` for EC keys.
    public var rsaComponents: (modulus: [UInt8], exponent: [UInt8])? {
        guard case .rsa(let key) = self.backing, let modulus = key.bigNumberParameter("n"),
            let exponent = key.bigNumberParameter("e")
        else { return nil }
        return (modulus, exponent)
    }

    /// Verifies an RSA signature over `message` (XML-DSig `rsa-sha*`, RFC 6931 `rsa-pss`).
    /// Returns `false` for any failure, including an EC key or a malformed signature.
    public func isValidRSASignature(_ signature: [UInt8], for message: [UInt8], digest: DigestAlgorithm, padding: RSASignaturePadding) -> Bool {
        guard case .rsa(let key) = self.backing else { return false }
        return key.isValidRSASignature(signature, for: message, digest: digest, padding: padding)
    }

    /// Verifies an XML-DSig 1.1 `ecdsa-sha*` signature, given as raw `r || s` (each half the
    /// curve's coordinate length), over `message`. Any digest may be used with any curve.
    /// Returns `false` for any failure, including an RSA key or a signature of the wrong length.
    public func isValidECDSASignature(_ rawSignature: [UInt8], for message: [UInt8], digest: DigestAlgorithm) -> Bool {
        guard case .ec(let key) = self.backing else { return false }
        return key.isValidSignature(rawSignature, for: message, digest: digest)
    }

    /// RSAES-OAEP encryption (RFC 8017 §7.1) for XML-Enc `rsa-oaep-mgf1p` and `rsa-oaep`, with any
    /// combination of OAEP digest and MGF1 digest. A `nil` or empty `label` is the empty label
    /// (XML-Enc `OAEPparams` absent).
    ///
    /// Throws ``CryptoError/Code-swift.struct/unsupportedKeyType`` for an EC key and
    /// ``CryptoError/Code-swift.struct/encryptionFailed`` when the plaintext is too long.
    public func encryptOAEP(_ plaintext: [UInt8], digest: DigestAlgorithm, mgf1: DigestAlgorithm, label: [UInt8]?) throws -> [UInt8] {
        guard case .rsa(let key) = self.backing else { throw CryptoError.unsupportedKeyType("OAEP needs an RSA key") }
        return try key.encryptRSA(plaintext, padding: .oaep(digest: digest, mgf1: mgf1, label: label))
    }

    /// RSAES-PKCS1-v1_5 encryption (XML-Enc `rsa-1_5`). **Legacy and insecure** (Bleichenbacher):
    /// provided only so that tests can build legacy messages. Production code must not create
    /// `rsa-1_5` key transport.
    public func encryptPKCS1v15(_ plaintext: [UInt8]) throws -> [UInt8] {
        guard case .rsa(let key) = self.backing else { throw CryptoError.unsupportedKeyType("PKCS#1 v1.5 needs an RSA key") }
        return try key.encryptRSA(plaintext, padding: .pkcs1v15)
    }
}
