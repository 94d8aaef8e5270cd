public import SOAP

/// A WS-Trust request failure, one code per WS-Trust 1.3 §11 fault, answered in the request's
/// namespace. ``reason`` is safe to send: it never carries keys, paths or internal state.
public struct WSTrustError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let localName: String
        private init(_ localName: String) { self.localName = localName }

        public static let invalidRequest = Code("InvalidRequest")
        public static let failedAuthentication = Code("FailedAuthentication")
        public static let requestFailed = Code("RequestFailed")
        public static let invalidSecurityToken = Code("InvalidSecurityToken")
        public static let authenticationBadElements = Code("AuthenticationBadElements")
        public static let badRequest = Code("BadRequest")
        public static let expiredData = Code("ExpiredData")
        public static let invalidTimeRange = Code("InvalidTimeRange")
        public static let invalidScope = Code("InvalidScope")
        public static let renewNeeded = Code("RenewNeeded")
        public static let unableToRenew = Code("UnableToRenew")

        public var description: String { "wst:\(localName)" }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The fault code in `version`'s namespace.
    public func faultCode(_ version: WSTrustVersion) -> SecurityFaultCode {
        SecurityFaultCode(version.namespace, code.localName, prefix: "wst", reason: reason)
    }

    /// The SOAP fault to answer with.
    public func fault(_ version: WSTrustVersion) -> SOAPFault {
        SOAPFault(faultCode(version), reason: reason)
    }

    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
