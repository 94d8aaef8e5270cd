public import SOAP
import XMLCore

/// Why the gateway did not forward a request, or could not relay an answer. Errors are compared
/// by ``code``; ``reason`` is for the log and never reaches the consumer: ``fault`` is the one
/// place an error becomes what the consumer sees, with a fixed reason (WSS 1.1 SOAP Message
/// Security §12).
public struct GatewayError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case malformedRequest, notUnderstood, invalidSecurity, failedAuthentication, unknownDestination
            case tokenUnavailable, tokenRefused, providerUnavailable, invalidProviderResponse
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Not a SOAP envelope of the version its Content-Type announces, or malformed addressing.
        public static let malformedRequest = Code(.malformedRequest)
        /// A header block for the gateway is marked mustUnderstand and is not understood
        /// (SOAP 1.2 Part 1 §5.2.3, SOAP 1.1 §4.2.3).
        public static let notUnderstood = Code(.notUnderstood)
        /// The security header holds something besides one UsernameToken and a Timestamp.
        public static let invalidSecurity = Code(.invalidSecurity)
        /// No UsernameToken, several, the wrong form for the route, or an identity asserted by
        /// an untrusted consumer.
        public static let failedAuthentication = Code(.failedAuthentication)
        /// The WS-Addressing To names no route on this path.
        public static let unknownDestination = Code(.unknownDestination)
        /// The STS could not be reached in time, or its answer was not acceptable.
        public static let tokenUnavailable = Code(.tokenUnavailable)
        /// The STS refused the identity (`wsse:FailedAuthentication` and kin).
        public static let tokenRefused = Code(.tokenRefused)
        /// The provider could not be reached in time.
        public static let providerUnavailable = Code(.providerUnavailable)
        /// The provider's answer is not a SOAP envelope of the request's version, or too large.
        public static let invalidProviderResponse = Code(.invalidProviderResponse)

        public var description: String { String(describing: value) }
    }

    public let code: Code
    public let reason: String
    /// For ``Code-swift.struct/malformedRequest`` and ``Code-swift.struct/notUnderstood``: the
    /// SOAP layer's own fault for it.
    let soapFault: SOAPFault?

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
        soapFault = nil
    }

    /// The shared SOAP request path refused the request with `fault` (a malformed envelope, or
    /// a mandatory header block the gateway does not understand): the consumer gets that fault.
    init(refusal fault: SOAPFault) {
        code = fault.code == .mustUnderstand ? .notUnderstood : .malformedRequest
        reason = fault.reason
        soapFault = fault
    }

    init(_ error: SOAPError) {
        code = error.code == .notUnderstood ? .notUnderstood : .malformedRequest
        reason = error.reason
        soapFault = error.fault
    }

    /// The fault the consumer gets: a specification code where one fits, a fixed reason.
    public var fault: SOAPFault {
        if let soapFault { return soapFault }
        switch code {
        case .invalidSecurity:
            return SOAPFault(WSSFaultCode.invalidSecurity)
        case .failedAuthentication, .tokenRefused:
            return SOAPFault(WSSFaultCode.failedAuthentication)
        case .unknownDestination:
            return SOAPFault(
                code: .sender, subcode: QName(WSAddressingVersion.v10.namespace, "DestinationUnreachable"),
                reason: "No route can be determined to reach the destination")
        case .tokenUnavailable:
            return SOAPFault(
                WSSFaultCode.securityTokenUnavailable, reason: "A security token for the provider could not be obtained", soapCode: .receiver)
        case .providerUnavailable:
            return SOAPFault(code: .receiver, reason: "The service provider is unavailable")
        case .invalidProviderResponse:
            return SOAPFault(code: .receiver, reason: "The service provider's answer could not be relayed")
        default:
            return SOAPFault(code: .sender, reason: "The message is not a valid SOAP envelope")
        }
    }

    /// The outcome label of this error in metrics and logs (a fixed, small set).
    var outcome: String {
        switch code {
        case .failedAuthentication, .tokenRefused: "failed_authentication"
        case .tokenUnavailable: "token_unavailable"
        case .providerUnavailable: "provider_unavailable"
        case .invalidProviderResponse: "invalid_provider_response"
        case .notUnderstood: "not_understood"
        case .unknownDestination: "unknown_destination"
        case .invalidSecurity: "invalid_security"
        default: "malformed"
        }
    }

    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
