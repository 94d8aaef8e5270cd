/// The one error type thrown by TesseraCrypto.
///
/// Errors are compared by ``code`` only (the reason is for people, not for control flow),
/// following the pattern of swift-certificates' `CertificateError`: the code wraps a private
/// enum, so codes can be added without breaking callers.
///
/// The ``reason`` never contains key material or backend (OpenSSL/BoringSSL) diagnostics, so it
/// is safe to log. It is still not meant for the wire: map codes to SOAP fault codes in the
/// layer that owns the fault.
///
/// Every decryption failure (bad padding, wrong key, truncated input, failed authentication tag,
/// failed key-unwrap integrity check) is reported as ``Code/decryptionFailed`` with one fixed
/// reason, so that error values cannot serve as a padding oracle.
public struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure occurred.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Backing: Hashable, Sendable {
            case invalidKey
            case unsupportedKeyType
            case invalidKeySize
            case invalidParameter
            case keyGenerationFailed
            case signingFailed
            case encryptionFailed
            case decryptionFailed
        }

        fileprivate let backing: Backing

        fileprivate init(_ backing: Backing) {
            self.backing = backing
        }

        /// Key bytes (DER, PEM, PKCS#12, raw components) could not be decoded or are not a valid key,
        /// or the password was wrong.
        public static let invalidKey = Code(.invalidKey)
        /// The key is of a type this module does not support (for example DSA, or an EC curve other
        /// than P-256/P-384/P-521), or the operation does not fit the key's type.
        public static let unsupportedKeyType = Code(.unsupportedKeyType)
        /// A symmetric key or key-encryption key has a length the algorithm does not accept.
        public static let invalidKeySize = Code(.invalidKeySize)
        /// An argument other than a key is out of range (for example an IV that is not 16 bytes).
        public static let invalidParameter = Code(.invalidParameter)
        /// Generating a key pair failed.
        public static let keyGenerationFailed = Code(.keyGenerationFailed)
        /// Producing a signature failed.
        public static let signingFailed = Code(.signingFailed)
        /// Encrypting or wrapping failed (for example the plaintext is too long for the RSA key).
        public static let encryptionFailed = Code(.encryptionFailed)
        /// Decrypting or unwrapping failed. Deliberately says nothing about why.
        public static let decryptionFailed = Code(.decryptionFailed)

        /// A stable name for the code, suitable for logs.
        public var description: String {
            switch self.backing {
            case .invalidKey: "invalidKey"
            case .unsupportedKeyType: "unsupportedKeyType"
            case .invalidKeySize: "invalidKeySize"
            case .invalidParameter: "invalidParameter"
            case .keyGenerationFailed: "keyGenerationFailed"
            case .signingFailed: "signingFailed"
            case .encryptionFailed: "encryptionFailed"
            case .decryptionFailed: "decryptionFailed"
            }
        }
    }

    /// What kind of failure occurred. Two errors are equal when their codes are equal.
    public let code: Code
    /// A human-readable explanation that contains no secret material.
    public let reason: String

    private init(code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// Compares by ``code`` only.
    public static func == (lhs: CryptoError, rhs: CryptoError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the ``code`` only, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
    }

    /// `CryptoError.<code>: <reason>`.
    public var description: String {
        "CryptoError.\(self.code): \(self.reason)"
    }
}

extension CryptoError {
    /// The one message used for every decryption failure.
    static let decryptionFailedReason = "decryption failed"

    static func invalidKey(_ reason: String) -> CryptoError {
        CryptoError(code: .invalidKey, reason: reason)
    }

    static func unsupportedKeyType(_ reason: String) -> CryptoError {
        CryptoError(code: .unsupportedKeyType, reason: reason)
    }

    static func invalidKeySize(_ reason: String) -> CryptoError {
        CryptoError(code: .invalidKeySize, reason: reason)
    }

    static func invalidParameter(_ reason: String) -> CryptoError {
        CryptoError(code: .invalidParameter, reason: reason)
    }

    static func keyGenerationFailed(_ reason: String) -> CryptoError {
        CryptoError(code: .keyGenerationFailed, reason: reason)
    }

    static func signingFailed(_ reason: String) -> CryptoError {
        CryptoError(code: .signingFailed, reason: reason)
    }

    static func encryptionFailed(_ reason: String) -> CryptoError {
        CryptoError(code: .encryptionFailed, reason: reason)
    }

    /// Every decryption failure, whatever the cause: one code, one message.
    static var decryptionFailed: CryptoError {
        CryptoError(code: .decryptionFailed, reason: decryptionFailedReason)
    }
}
