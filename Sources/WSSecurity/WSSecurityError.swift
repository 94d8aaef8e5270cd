import XMLCore
import XMLSecurity

/// A WS-Security processing failure, one code per WSS 1.1 §12 fault.
///
/// ``reason`` is safe to send to a peer: it names what failed, never key material, paths or
/// internal state. ``faultCode`` is the QName for the SOAP fault.
public struct WSSecurityError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let localName: String
        private init(_ localName: String) { self.localName = localName }

        /// `wsse:UnsupportedSecurityToken`
        public static let unsupportedSecurityToken = Code("UnsupportedSecurityToken")
        /// `wsse:UnsupportedAlgorithm`
        public static let unsupportedAlgorithm = Code("UnsupportedAlgorithm")
        /// `wsse:InvalidSecurity`: an error was discovered processing the header.
        public static let invalidSecurity = Code("InvalidSecurity")
        /// `wsse:InvalidSecurityToken`
        public static let invalidSecurityToken = Code("InvalidSecurityToken")
        /// `wsse:FailedAuthentication`: the token could not be authenticated or authorized.
        public static let failedAuthentication = Code("FailedAuthentication")
        /// `wsse:FailedCheck`: a signature or decryption was invalid.
        public static let failedCheck = Code("FailedCheck")
        /// `wsse:SecurityTokenUnavailable`: a referenced token could not be retrieved.
        public static let securityTokenUnavailable = Code("SecurityTokenUnavailable")
        /// `wsu:MessageExpired`
        public static let messageExpired = Code("MessageExpired")

        /// The fault QName (WSS 1.1 §12; MessageExpired is in the wsu namespace).
        public var faultCode: QName {
            QName(self == .messageExpired ? WSSNamespace.wsu : WSSNamespace.wsse, localName)
        }

        public var description: String { localName }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var faultCode: QName { code.faultCode }
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
        default:
            self.init(.invalidSecurity, "the security header could not be processed")
        }
    }
}
