public import TesseraCrypto
public import XMLCore

/// Rules for decryption.
public struct DecryptionPolicy: Sendable {
    /// RSA PKCS#1 v1.5 key transport is open to Bleichenbacher's attack; when enabled, a failed
    /// unwrap silently yields a random key so no oracle is exposed.
    public var _WEAK_allowRSA15KeyTransport = false
    /// Smallest accepted RSA modulus for key transport.
    public var minimumRSAKeyBits = 2048

    public init() {}

    public static let `default` = DecryptionPolicy()
}

/// What a decryption put back into the document.
public struct DecryptedContent {
    public let type: EncryptedDataType
    /// The element that now holds the plaintext (the EncryptedData's former parent).
    public let parent: XMLElement
    /// The elements the plaintext produced, in document order.
    public let elements: [XMLElement]
    public let algorithm: BlockEncryptionAlgorithm
    /// The Id of the EncryptedData that was replaced.
    public let encryptedDataID: String?

    public init(type: EncryptedDataType, parent: XMLElement, elements: [XMLElement], algorithm: BlockEncryptionAlgorithm, encryptedDataID: String?) {
        self.type = type
        self.parent = parent
        self.elements = elements
        self.algorithm = algorithm
        self.encryptedDataID = encryptedDataID
    }
}

/// Decrypts `xenc:EncryptedKey` and `xenc:EncryptedData` with keys the caller resolved.
/// Every failure after the structure checks is the same ``XMLSecurityError/decryptionFailed``.
public struct XMLDecryptor: Sendable {
    public var policy: DecryptionPolicy

    public init(policy: DecryptionPolicy = .default) {
        self.policy = policy
    }

    /// Recovers the key in an RSA key-transport EncryptedKey. `keyLength` is the length the
    /// data algorithm needs; RSA v1.5 (when enabled) returns a random key of that length on failure.
    public func decryptKey(_ encryptedKey: EncryptedKeyElement, privateKey: PrivateKey, keyLength: Int) throws -> [UInt8] {
        guard case .rsa(let bits) = privateKey.keyType else {
            throw XMLSecurityError(.keyMismatch, "key transport needs an RSA private key")
        }
        guard bits >= policy.minimumRSAKeyBits else {
            throw XMLSecurityError(.weakKey, "RSA keys under \(policy.minimumRSAKeyBits) bits are not accepted")
        }
        switch encryptedKey.transport {
        case .rsaOAEP(let digest, let mgf1, _):
            do {
                let key = try privateKey.decryptOAEP(encryptedKey.cipherValue, digest: digest.algorithm, mgf1: mgf1, label: encryptedKey.oaepLabel)
                guard key.count == keyLength else { throw XMLSecurityError.decryptionFailed }
                return key
            } catch {
                throw XMLSecurityError.decryptionFailed
            }
        case .rsa15:
            guard policy._WEAK_allowRSA15KeyTransport else {
                throw XMLSecurityError(.unsupportedAlgorithm, "RSA v1.5 key transport is not accepted")
            }
            let random = SecureRandom.bytes(keyLength)
            guard let key = privateKey._WEAK_decryptPKCS1v15(encryptedKey.cipherValue), key.count == keyLength else {
                return random
            }
            return key
        case .aesKeyWrap:
            throw XMLSecurityError(.keyMismatch, "a wrapped key needs a symmetric key-encryption key")
        }
    }

    /// Unwraps a key-wrap (kw-aes*) EncryptedKey with a key-encryption key.
    public func unwrapKey(_ encryptedKey: EncryptedKeyElement, kek: [UInt8]) throws -> [UInt8] {
        guard case .aesKeyWrap(let length) = encryptedKey.transport else {
            throw XMLSecurityError(.keyMismatch, "not a key-wrap EncryptedKey")
        }
        guard kek.count == length else { throw XMLSecurityError.decryptionFailed }
        do {
            return try AESKeyWrap.unwrap(encryptedKey.cipherValue, kek: kek)
        } catch {
            throw XMLSecurityError.decryptionFailed
        }
    }

    /// Decrypts `encryptedData` without touching the document (for an EncryptedData that is a
    /// document element, whose plaintext is a document of its own).
    public func plaintext(of encryptedData: EncryptedDataElement, key: [UInt8]) throws -> [UInt8] {
        try encryptedData.algorithm.decrypt(encryptedData.cipherValue, key: key)
    }

    /// Decrypts `encryptedData` and replaces it in the document by its plaintext, parsed in the
    /// namespace context of where it stands and held to the document's parsing limits.
    @discardableResult
    public func decrypt(_ encryptedData: EncryptedDataElement, key: [UInt8]) throws -> DecryptedContent {
        guard let parent = encryptedData.element.parent else {
            throw XMLSecurityError(.malformed, "an EncryptedData document element cannot be replaced")
        }
        guard let type = encryptedData.type else {
            throw XMLSecurityError(.malformed, "an EncryptedData without Type cannot be decrypted in place")
        }
        let plaintext = try plaintext(of: encryptedData, key: key)
        let elements: [XMLElement]
        do {
            elements = try encryptedData.element.replace(withParsedContent: plaintext)
        } catch let error as XMLError where error.code == .limitExceeded {
            throw XMLSecurityError(.policyViolation, "the decrypted content exceeds the parsing limits")
        } catch {
            throw XMLSecurityError.decryptionFailed
        }
        if type == .element, elements.count != 1 {
            throw XMLSecurityError(.malformed, "an Element EncryptedData must decrypt to exactly one element")
        }
        return DecryptedContent(
            type: type, parent: parent, elements: elements,
            algorithm: encryptedData.algorithm, encryptedDataID: encryptedData.id)
    }
}
