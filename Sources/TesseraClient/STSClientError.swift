public import SOAP
public import XMLCore

/// Why ``STSClient`` has no token for the caller: the request could not be built, the STS
/// answered with a fault, or its answer was not acceptable (unparsable, not signed by the
/// configured STS certificate, not a reply to this request, no usable proof key).
///
/// Errors are compared by ``code``. Transport failures are not wrapped: they are thrown as the
/// transport throws them (``HTTPTransportError`` for ``HTTPSOAPTransport``).
public struct STSClientError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case invalidRequest, fault, invalidResponse, responseNotVerified, relatesToMismatch, proofKeyUnavailable
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The request is not one the client will send (a key size out of range, say).
        public static let invalidRequest = Code(.invalidRequest)
        /// The STS answered with a SOAP fault; ``STSClientError/fault`` holds it.
        public static let fault = Code(.fault)
        /// The answer is not a SOAP envelope carrying one RSTR (or RSTRC) of the request's
        /// WS-Trust version.
        public static let invalidResponse = Code(.invalidResponse)
        /// The answer's message signature is missing, invalid, or not made with the configured
        /// STS certificate over the Body and Timestamp.
        public static let responseNotVerified = Code(.responseNotVerified)
        /// The answer's `wsa:RelatesTo` does not name the request's `wsa:MessageID`.
        public static let relatesToMismatch = Code(.relatesToMismatch)
        /// A symmetric proof key was asked for, and the answer does not let the client know it.
        public static let proofKeyUnavailable = Code(.proofKeyUnavailable)

        public var description: String { String(describing: value) }
    }

    public let code: Code
    public let reason: String
    /// The STS's fault, for ``Code-swift.struct/fault``. Faults are not signed by the STS:
    /// treat the code and reason as the peer's claim, not as authenticated.
    public let fault: SOAPFault?

    public init(_ code: Code, _ reason: String, fault: SOAPFault? = nil) {
        self.code = code
        self.reason = reason
        self.fault = fault
    }

    /// The specific fault code, such as `wst:InvalidScope` or `wsse:FailedAuthentication`.
    public var faultCode: QName? { fault?.subcode }

    /// The fault code as a known WS-Security or WS-Trust code, when it is one.
    public var securityFaultCode: SecurityFaultCode? { fault?.securityFaultCode }

    public var description: String {
        guard let fault else { return "\(code): \(reason)" }
        let name = fault.securityFaultCode?.description ?? fault.subcode.map { "\($0)" } ?? "\(fault.code)"
        return "\(name): \(fault.reason)"
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
