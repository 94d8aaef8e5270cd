/// A JWT presented to the STS (a Validate or Cancel target) is not one it can accept.
///
/// Compared by ``code``. The ``reason`` is safe to send to a peer: it names the rule that
/// failed, never the token's content, the keys or the expected values.
public struct JWTValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case tooLarge, malformed, extensionNotUnderstood, algorithmNotAccepted, invalidSignature, issuerNotAccepted
            case expired, notYetValid, audienceMismatch
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Longer than ``OwnJWTVerifier/maximumLength``.
        public static let tooLarge = Code(.tooLarge)
        /// Not a compact JWS (RFC 7515 §7.1) with the claims the STS writes.
        public static let malformed = Code(.malformed)
        /// A `crit` header: no JWS extension is understood here (RFC 7515 §4.1.11).
        public static let extensionNotUnderstood = Code(.extensionNotUnderstood)
        /// An `alg` other than RS256 / ES256 (`none` and HMAC included).
        public static let algorithmNotAccepted = Code(.algorithmNotAccepted)
        /// The signature does not verify with any of the STS's JWT keys.
        public static let invalidSignature = Code(.invalidSignature)
        /// `iss` is not the STS's name.
        public static let issuerNotAccepted = Code(.issuerNotAccepted)
        /// `exp` has passed (beyond the allowed clock skew).
        public static let expired = Code(.expired)
        /// `nbf` lies in the future (beyond the allowed clock skew).
        public static let notYetValid = Code(.notYetValid)
        /// `aud` does not name the audience asked about.
        public static let audienceMismatch = Code(.audienceMismatch)

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
