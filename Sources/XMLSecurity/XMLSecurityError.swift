/// An error raised while verifying, signing, encrypting or decrypting XML.
///
/// Compared by ``code``. The ``reason`` is safe to log; it never contains key material, and
/// decryption failures share one reason whatever the cause (no padding oracle).
public struct XMLSecurityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case malformed, unsupportedAlgorithm, unsupportedTransform, unsupportedReference
            case policyViolation, weakKey, keyMismatch, invalidSignature, digestMismatch
            case referenceNotFound, decryptionFailed, encryptionFailed, keyUnavailable
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A Signature, EncryptedData, EncryptedKey or KeyInfo element is not shaped as the spec requires.
        public static let malformed = Code(.malformed)
        /// An algorithm URI is unknown or refused (MD5, DSA, truncated HMAC...).
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// A transform is unknown or refused (XPath, XSLT, Base64...).
        public static let unsupportedTransform = Code(.unsupportedTransform)
        /// A reference is not a same-document reference.
        public static let unsupportedReference = Code(.unsupportedReference)
        /// A hardening limit or policy rule was exceeded (too many references or transforms...).
        public static let policyViolation = Code(.policyViolation)
        /// The key is weaker than the policy allows.
        public static let weakKey = Code(.weakKey)
        /// The key does not fit the algorithm.
        public static let keyMismatch = Code(.keyMismatch)
        /// The SignatureValue does not verify.
        public static let invalidSignature = Code(.invalidSignature)
        /// A reference's digest does not match its content.
        public static let digestMismatch = Code(.digestMismatch)
        /// A reference points at no element.
        public static let referenceNotFound = Code(.referenceNotFound)
        /// Decryption failed (for any reason: the cause is not revealed).
        public static let decryptionFailed = Code(.decryptionFailed)
        /// Encryption could not be performed.
        public static let encryptionFailed = Code(.encryptionFailed)
        /// No key could be found for the operation.
        public static let keyUnavailable = Code(.keyUnavailable)

        public var description: String { String(describing: value) }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The single error every decryption failure turns into.
    public static let decryptionFailed = XMLSecurityError(.decryptionFailed, "the data could not be decrypted")
}
