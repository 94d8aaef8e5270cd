public import TesseraCrypto

/// A block encryption algorithm for `xenc:EncryptedData` (XML-Enc 1.1 §5.2). Triple-DES is not supported.
public struct BlockEncryptionAlgorithm: Hashable, Sendable, CustomStringConvertible {
    public enum Mode: Hashable, Sendable { case cbc, gcm }

    public let uri: String
    public let mode: Mode
    /// Key length in bytes.
    public let keyLength: Int

    public static let aes128CBC = Self(uri: "http://www.w3.org/2001/04/xmlenc#aes128-cbc", mode: .cbc, keyLength: 16)
    public static let aes192CBC = Self(uri: "http://www.w3.org/2001/04/xmlenc#aes192-cbc", mode: .cbc, keyLength: 24)
    public static let aes256CBC = Self(uri: "http://www.w3.org/2001/04/xmlenc#aes256-cbc", mode: .cbc, keyLength: 32)
    public static let aes128GCM = Self(uri: "http://www.w3.org/2009/xmlenc11#aes128-gcm", mode: .gcm, keyLength: 16)
    public static let aes192GCM = Self(uri: "http://www.w3.org/2009/xmlenc11#aes192-gcm", mode: .gcm, keyLength: 24)
    public static let aes256GCM = Self(uri: "http://www.w3.org/2009/xmlenc11#aes256-gcm", mode: .gcm, keyLength: 32)

    public static let all: [Self] = [.aes128CBC, .aes192CBC, .aes256CBC, .aes128GCM, .aes192GCM, .aes256GCM]

    public init(uri: String) throws {
        guard let known = Self.all.first(where: { $0.uri == uri }) else {
            throw XMLSecurityError(.unsupportedAlgorithm, "unsupported block encryption algorithm \(uri)")
        }
        self = known
    }

    private init(uri: String, mode: Mode, keyLength: Int) {
        self.uri = uri
        self.mode = mode
        self.keyLength = keyLength
    }

    func encrypt(_ plaintext: [UInt8], key: [UInt8]) throws -> [UInt8] {
        guard key.count == keyLength else {
            throw XMLSecurityError(.encryptionFailed, "\(uri) needs a \(keyLength)-byte key")
        }
        switch mode {
        case .cbc: return try AESCBC.encrypt(plaintext, key: key)
        case .gcm: return try AESGCM.encrypt(plaintext, key: key)
        }
    }

    func decrypt(_ ciphertext: [UInt8], key: [UInt8]) throws -> [UInt8] {
        guard key.count == keyLength else { throw XMLSecurityError.decryptionFailed }
        do {
            switch mode {
            case .cbc: return try AESCBC.decrypt(ciphertext, key: key)
            case .gcm: return try AESGCM.decrypt(ciphertext, key: key)
            }
        } catch {
            throw XMLSecurityError.decryptionFailed
        }
    }

    public var description: String { uri }
}

/// How an `xenc:EncryptedKey` carries its key (XML-Enc 1.1 §5.4, §5.6).
public enum KeyTransportAlgorithm: Hashable, Sendable {
    /// RSA-OAEP (`rsa-oaep-mgf1p`: MGF1 with SHA-1; `xenc11#rsa-oaep`: any MGF) with a digest.
    case rsaOAEP(digest: DigestMethod, mgf1: DigestAlgorithm, xmlEnc11: Bool)
    /// RSA PKCS#1 v1.5. Refused unless a policy enables it for decryption.
    case rsa15
    /// AES key wrap (RFC 3394) with a 16, 24 or 32-byte key-encryption key.
    case aesKeyWrap(kekLength: Int)

    public static let rsaOAEPMGF1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
    public static let rsaOAEP11 = "http://www.w3.org/2009/xmlenc11#rsa-oaep"
    public static let rsa15URI = "http://www.w3.org/2001/04/xmlenc#rsa-1_5"
    static let keyWrapURIs: [Int: String] = [
        16: "http://www.w3.org/2001/04/xmlenc#kw-aes128",
        24: "http://www.w3.org/2001/04/xmlenc#kw-aes192",
        32: "http://www.w3.org/2001/04/xmlenc#kw-aes256",
    ]
    static let mgfURIs: [DigestAlgorithm: String] = [
        .sha1: "http://www.w3.org/2009/xmlenc11#mgf1sha1",
        .sha224: "http://www.w3.org/2009/xmlenc11#mgf1sha224",
        .sha256: "http://www.w3.org/2009/xmlenc11#mgf1sha256",
        .sha384: "http://www.w3.org/2009/xmlenc11#mgf1sha384",
        .sha512: "http://www.w3.org/2009/xmlenc11#mgf1sha512",
    ]

    /// RSA-OAEP with SHA-1 and MGF1-SHA1 (`rsa-oaep-mgf1p`), the WS-Security default.
    public static let rsaOAEPSHA1 = KeyTransportAlgorithm.rsaOAEP(digest: .sha1, mgf1: .sha1, xmlEnc11: false)
    /// XML-Enc 1.1 RSA-OAEP with SHA-256 and MGF1-SHA256.
    public static let rsaOAEPSHA256 = KeyTransportAlgorithm.rsaOAEP(digest: .sha256, mgf1: .sha256, xmlEnc11: true)

    /// The Algorithm URI.
    public var uri: String {
        switch self {
        case .rsaOAEP(_, _, let xmlEnc11): xmlEnc11 ? Self.rsaOAEP11 : Self.rsaOAEPMGF1P
        case .rsa15: Self.rsa15URI
        case .aesKeyWrap(let length): Self.keyWrapURIs[length] ?? ""
        }
    }
}
