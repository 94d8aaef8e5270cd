/// A SAML assertion could not be read, built, decrypted or trusted.
///
/// Compared by ``code``. The ``reason`` is safe to send to a peer: it names the rule that failed,
/// never the token's content, key material or the expected values (audiences, issuers).
/// ``wsSecurityError`` is the one place these errors become WS-Security faults.
public struct SAMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case malformed, unsupported, unsigned, invalidSignature, untrustedSigner, signatureScope
            case duplicateID, issuerNotAllowed, expired, notYetValid, audienceMismatch
            case confirmationNotAccepted, conditionNotUnderstood, replayed
            case signingFailed, encryptionFailed, decryptionFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The XML is not an assertion shaped as its schema requires.
        public static let malformed = Code(.malformed)
        /// A version, element or form this library does not process (EncryptedID, BaseID,
        /// AuthzDecisionStatement, complex attribute values, SAML 1.0...).
        public static let unsupported = Code(.unsupported)
        /// The assertion carries no signature.
        public static let unsigned = Code(.unsigned)
        /// The signature or a digest does not verify, or the signature is not shaped as the
        /// SAML signature profile requires (SAML 2.0 core §5.4, SAML 1.1 core §5.4).
        public static let invalidSignature = Code(.invalidSignature)
        /// The signing certificate is missing, unknown or not trusted.
        public static let untrustedSigner = Code(.untrustedSigner)
        /// The signature does not cover exactly the assertion being validated (wrapping).
        public static let signatureScope = Code(.signatureScope)
        /// An ID occurs twice in the document.
        public static let duplicateID = Code(.duplicateID)
        /// The issuer is not one the policy accepts, or not for this signer.
        public static let issuerNotAllowed = Code(.issuerNotAllowed)
        /// A NotOnOrAfter has passed (beyond the allowed clock skew).
        public static let expired = Code(.expired)
        /// A NotBefore or the IssueInstant lies in the future (beyond the allowed clock skew).
        public static let notYetValid = Code(.notYetValid)
        /// The assertion is restricted to audiences that do not include us.
        public static let audienceMismatch = Code(.audienceMismatch)
        /// No subject confirmation is of an accepted method, current and for this recipient.
        public static let confirmationNotAccepted = Code(.confirmationNotAccepted)
        /// A condition nobody evaluates (SAML 2.0 core §2.5.1: the assertion is Indeterminate).
        public static let conditionNotUnderstood = Code(.conditionNotUnderstood)
        /// A OneTimeUse assertion was presented again.
        public static let replayed = Code(.replayed)
        /// The assertion could not be signed.
        public static let signingFailed = Code(.signingFailed)
        /// The assertion could not be encrypted.
        public static let encryptionFailed = Code(.encryptionFailed)
        /// An EncryptedAssertion or proof key could not be decrypted (for any reason).
        public static let decryptionFailed = Code(.decryptionFailed)

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

    /// The single error every decryption failure becomes (no oracle).
    static let decryptionFailed = SAMLError(.decryptionFailed, "the encrypted assertion or key could not be decrypted")
}
