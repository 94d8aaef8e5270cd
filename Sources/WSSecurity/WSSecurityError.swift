public import SOAP
import XMLCore
import XMLSecurity

/// A WS-Security processing failure, one code per WSS 1.1 §12 fault.
///
/// ``reason`` is safe to send to a peer: it names what failed, never key material, paths or
/// internal state. ``fault`` is the SOAP fault to answer with.
public struct WSSecurityError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The SOAP fault code this error is sent as.
        public let faultCode: SecurityFaultCode
        private init(_ faultCode: SecurityFaultCode) { self.faultCode = faultCode }

        /// `wsse:UnsupportedSecurityToken`
        public static let unsupportedSecurityToken = Code(WSSFaultCode.unsupportedSecurityToken)
        /// `wsse:UnsupportedAlgorithm`
        public static let unsupportedAlgorithm = Code(WSSFaultCode.unsupportedAlgorithm)
        /// `wsse:InvalidSecurity`: an error was discovered processing the header.
        public static let invalidSecurity = Code(WSSFaultCode.invalidSecurity)
        /// `wsse:InvalidSecurityToken`
        public static let invalidSecurityToken = Code(WSSFaultCode.invalidSecurityToken)
        /// `wsse:FailedAuthentication`: the token could not be authenticated or authorized.
        public static let failedAuthentication = Code(WSSFaultCode.failedAuthentication)
        /// `wsse:FailedCheck`: a signature or decryption was invalid.
        public static let failedCheck = Code(WSSFaultCode.failedCheck)
        /// `wsse:SecurityTokenUnavailable`: a referenced token could not be retrieved.
        public static let securityTokenUnavailable = Code(WSSFaultCode.securityTokenUnavailable)
        /// `wsu:MessageExpired`
        public static let messageExpired = Code(WSSFaultCode.messageExpired)

        /// A code another specification defines for a token it owns (WS-SecureConversation's
        /// `wsc:BadContextToken`, for example), raised by a ``SecurityHeaderTokenProcessor`` so
        /// the engine reports it unchanged.
        public static func defined(by faultCode: SecurityFaultCode) -> Code { Code(faultCode) }

        public var description: String { faultCode.description }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The SOAP fault code.
    public var faultCode: SecurityFaultCode { code.faultCode }

    /// The fault to send: the code and this error's safe reason.
    public var fault: SOAPFault { SOAPFault(code.faultCode, reason: reason) }
    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Maps any error raised below the WS-Security layer to its fault, in one place.
    public init(_ error: any Error) {
        switch error {
        case let error as WSSecurityError:
            self = error
        case let error as XMLSecurityError:
            switch error.code {
            case .unsupportedAlgorithm, .unsupportedTransform, .weakKey: self.init(.unsupportedAlgorithm, error.reason)
            case .invalidSignature, .digestMismatch, .decryptionFailed, .keyMismatch: self.init(.failedCheck, error.reason)
            case .keyUnavailable, .referenceNotFound: self.init(.securityTokenUnavailable, error.reason)
            default: self.init(.invalidSecurity, error.reason)
            }
        case let error as XMLError:
            self.init(.invalidSecurity, error.reason)
        case let error as SOAPError:
            self.init(.invalidSecurity, error.reason)
        default:
            self.init(.invalidSecurity, "the security header could not be processed")
        }
    }
}
