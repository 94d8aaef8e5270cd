internal import COpenSSL

/// A private key for signing and for decrypting key transport.
///
/// RSA keys are held by OpenSSL, whose RSA private-key operations are much faster here than
/// BoringSSL's; EC keys (P-256, P-384, P-521) by swift-crypto. Any RSA size loads (old W3C vectors
/// use 1024-bit keys): check ``keyType`` to refuse weak keys.
public struct PrivateKey: Sendable {
    enum Backing: Sendable {
        case rsa(EVPKey)
        case ec(ECPrivateKey)
    }

    let backing: Backing

    /// The public half of the key.
    public let publicKey: PublicKey

    private init(backing: Backing) throws {
        self.backing = backing
        switch backing {
        case .rsa(let key):
            // A separate public-only OpenSSL key, so the PublicKey does not keep private material alive.
            self.publicKey = try PublicKey(subjectPublicKeyInfoDER: key.subjectPublicKeyInfoDER())
        case .ec(let key):
            self.publicKey = PublicKey(backing: .ec(key.publicKey))
        }
    }

    private init(evpKey key: EVPKey) throws {
        switch key.baseID {
        case EVP_PKEY_RSA:
            try self.init(backing: .rsa(key))
        case EVP_PKEY_EC:
            guard let name = key.ecGroupName, let curve = ECCurve(openSSLGroupName: name) else {
                throw CryptoError.unsupportedKeyType("EC keys are supported on P-256, P-384 and P-521 only")
            }
            try self.init(backing: .ec(try ECPrivateKey(curve: curve, pemRepresentation: key.pkcs8PEM())))
        default:
            throw CryptoError.unsupportedKeyType("only RSA and EC private keys are supported")
        }
    }

    /// Loads a PEM private key: PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`, PKCS#8
    /// `PRIVATE KEY`, or encrypted PKCS#8 `ENCRYPTED PRIVATE KEY` (give `password`). A password
    /// given for an unencrypted key is ignored. Legacy PKCS#5 v1.5 encryption (MD5/DES) is refused,
    /// as OpenSSL 3's default provider does not offer it.
    public init(pemRepresentation pem: String, password: String? = nil) throws {
        try self.init(evpKey: EVPKey.decodePrivateKey(Array(pem.utf8), format: "PEM", password: password))
    }

    /// Loads a DER private key: PKCS#8 (plain or encrypted, then give `password`), PKCS#1 RSA or
    /// SEC1 EC.
    public init(derRepresentation der: [UInt8], password: String? = nil) throws {
        try self.init(evpKey: EVPKey.decodePrivateKey(der, format: "DER", password: password))
    }

    /// Loads a PKCS#12 (`.p12`/`.pfx`) file: its private key, and its certificates as DER with
    /// the certificate matching the key first, then the others in file order.
    ///
    /// Throws ``CryptoError/Code-swift.struct/invalidKey`` for a wrong password, a file without a
    /// private key, or encryption OpenSSL 3's default provider lacks (RC2/3DES-era files).
    public static func fromPKCS12(_ bytes: [UInt8], password: String) throws -> (key: PrivateKey, certificatesDER: [[UInt8]]) {
        let (key, certificates) = try EVPKey.decodePKCS12(bytes, password: password)
        return (try PrivateKey(evpKey: key), certificates)
    }

    /// Smallest RSA modulus ``generateRSA(bits:)`` creates.
    public static let minimumGeneratedRSABits = 2048
    /// Largest RSA modulus ``generateRSA(bits:)`` creates.
    public static let maximumGeneratedRSABits = 16384

    /// Generates an RSA key pair (public exponent 65537) with OpenSSL. Refuses sizes below 2048
    /// or above 16384 bits, or not a multiple of 8, with ``CryptoError/Code-swift.struct/invalidKeySize``.
    public static func generateRSA(bits: Int = 2048) throws -> PrivateKey {
        guard (minimumGeneratedRSABits...maximumGeneratedRSABits).contains(bits), bits % 8 == 0 else {
            throw CryptoError.invalidKeySize("RSA keys are generated with 2048 to 16384 bits, a multiple of 8")
        }
        return try PrivateKey(backing: .rsa(EVPKey.generateRSA(bits: bits)))
    }

    /// Generates an EC key pair on `curve` with swift-crypto.
    public static func generateEC(_ curve: ECCurve) -> PrivateKey {
        let key = ECPrivateKey(generating: curve)
        return PrivateKey(backing: .ec(key), publicKey: PublicKey(backing: .ec(key.publicKey)))
    }

    private init(backing: Backing, publicKey: PublicKey) {
        self.backing = backing
        self.publicKey = publicKey
    }

    /// The algorithm and size of the key, so that callers can refuse weak keys.
    public var keyType: AsymmetricKeyType {
        self.publicKey.keyType
    }

    /// The key as unencrypted PKCS#8 PEM (`PRIVATE KEY`), for writing development keys.
    /// Handle with care: this is the secret key in the clear.
    public var pkcs8PEMRepresentation: String {
        switch self.backing {
        case .rsa(let key): key.pkcs8PEM()
        case .ec(let key): key.pemRepresentation
        }
    }

    /// Signs `message` (XML-DSig `rsa-sha*`, RFC 6931 `rsa-pss`) with OpenSSL's EVP_DigestSign.
    /// Throws ``CryptoError/Code-swift.struct/unsupportedKeyType`` for an EC key.
    public func signRSA(_ message: [UInt8], digest: DigestAlgorithm, padding: RSASignaturePadding) throws -> [UInt8] {
        guard case .rsa(let key) = self.backing else { throw CryptoError.unsupportedKeyType("RSA signing needs an RSA key") }
        return try key.signRSA(message, digest: digest, padding: padding)
    }

    /// Signs `message` with ECDSA (XML-DSig 1.1 `ecdsa-sha*`) and returns the raw `r || s`
    /// signature. Any digest may be used with any curve (the digest is truncated or used as is,
    /// per FIPS 186-4). Throws ``CryptoError/Code-swift.struct/unsupportedKeyType`` for an RSA key.
    public func signECDSA(_ message: [UInt8], digest: DigestAlgorithm) throws -> [UInt8] {
        guard case .ec(let key) = self.backing else { throw CryptoError.unsupportedKeyType("ECDSA signing needs an EC key") }
        return try key.signature(for: message, digest: digest)
    }

    /// RSAES-OAEP decryption (XML-Enc `rsa-oaep-mgf1p`, `rsa-oaep`) with any combination of OAEP
    /// digest and MGF1 digest; a `nil` or empty `label` is the empty label.
    ///
    /// Every failure, whatever its cause, throws ``CryptoError/Code-swift.struct/decryptionFailed``
    /// with the same reason.
    public func decryptOAEP(_ ciphertext: [UInt8], digest: DigestAlgorithm, mgf1: DigestAlgorithm, label: [UInt8]?) throws -> [UInt8] {
        guard case .rsa(let key) = self.backing else { throw CryptoError.decryptionFailed }
        return try key.decryptRSA(ciphertext, padding: .oaep(digest: digest, mgf1: mgf1, label: label))
    }

    /// Dangerous legacy RSA PKCS#1 v1.5 key transport (Bleichenbacher). Returns nil on any failure WITHOUT
    /// distinguishing why, so the caller can substitute a random key (implicit rejection).
    ///
    /// XML-Enc `rsa-1_5` is attackable as a padding oracle (Jager, Schwenk, Somorovsky 2012): the
    /// caller must, on `nil` *and* on a result of the wrong length for the expected key, continue
    /// with a random key of the expected length and fail later in the same way as for a wrong key,
    /// never reporting the failure separately. OpenSSL 3.2 and later may perform implicit rejection
    /// themselves and return a pseudo-random value instead of `nil`; callers must handle both.
    public func _WEAK_decryptPKCS1v15(_ ciphertext: [UInt8]) -> [UInt8]? {
        guard case .rsa(let key) = self.backing else { return nil }
        return try? key.decryptRSA(ciphertext, padding: .pkcs1v15)
    }
}
