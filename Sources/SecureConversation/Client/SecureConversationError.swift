public import SOAP

/// A failure seen by a ``SecureConversationClient``. Compared by code.
public struct SecureConversationError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// No context is established (or it was cancelled): call `establish()` first.
        public static let notEstablished = Code("notEstablished")
        /// The service answered with a SOAP fault (in ``SecureConversationError/fault``). Faults
        /// are not signed: the code says what the service claims, nothing more.
        public static let fault = Code("fault")
        /// The response failed verification (signature, encryption, policy, signer, correlation).
        public static let responseRejected = Code("responseRejected")
        /// The response is not the WS-Trust or WS-SecureConversation answer expected.
        public static let invalidResponse = Code("invalidResponse")

        public var description: String { name }
    }

    public let code: Code
    public let reason: String
    /// The fault the service sent, for ``Code/fault``.
    public let fault: SOAPFault?

    public init(_ code: Code, _ reason: String, fault: SOAPFault? = nil) {
        self.code = code
        self.reason = reason
        self.fault = fault
    }

    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
