/// A user-directory entry, password hash or sealed password could not be read or made.
/// Compared by ``code``; the reason names the rule that failed, never a password or hash.
public struct UserDirectoryError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case malformedHash, weakHash, unsupportedHash, duplicateUser, malformedSealedPassword, invalidDigestKey, hashingFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The string is not a PHC-format hash Tessera reads.
        public static let malformedHash = Code(.malformedHash)
        /// The hash's cost parameters are below ``PasswordHash/Parameters/minimum`` (or above the memory cap).
        public static let weakHash = Code(.weakHash)
        /// The hash names an algorithm other than scrypt.
        public static let unsupportedHash = Code(.unsupportedHash)
        /// Two users have the same name.
        public static let duplicateUser = Code(.duplicateUser)
        /// A sealed digest password is not in Tessera's format, or does not open with the key.
        public static let malformedSealedPassword = Code(.malformedSealedPassword)
        /// The digest-password key is not 32 bytes.
        public static let invalidDigestKey = Code(.invalidDigestKey)
        /// scrypt or AES-GCM failed.
        public static let hashingFailed = Code(.hashingFailed)

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
}
