public import Foundation
public import SecurityCore
public import SOAP
import WSSecurity
public import WSTrust
public import X509

/// How the client authenticates its requests (the STS's Issue binding, the RST of the
/// token-transformation scenario). Its description never shows the password.
public enum MessageSecurity: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Signs the Timestamp, the Body and the WS-Addressing headers with the credential's key
    /// (RSA-SHA256, or ECDSA-SHA256 for an EC key; exclusive C14N; SHA-256 digests), naming the
    /// certificate by a BinarySecurityToken, as the RST of the token-transformation scenario does.
    case x509Signature(X509Credential)
    /// A `wsse:UsernameToken` with the password as text (only over TLS) or as a
    /// PasswordDigest with a fresh Nonce and Created (UsernameToken Profile 1.1 §3.1).
    case usernameToken(username: String, password: String, digest: Bool)

    public var description: String {
        switch self {
        case .x509Signature(let credential): "x509Signature(\(credential.certificate.subject))"
        case .usernameToken(let username, _, let digest): "usernameToken(username: \(username), password: ***, digest: \(digest))"
        }
    }

    public var debugDescription: String { description }
}

/// Everything an ``STSClient`` needs besides its transport.
public struct STSClientConfiguration: Sendable {
    /// The STS endpoint address, sent as `wsa:To`.
    public var endpoint: String
    public var security: MessageSecurity
    public var soapVersion: SOAPVersion = .v12
    public var trustVersion: WSTrustVersion = .v13
    /// When set, a response is accepted only if its Body and Timestamp are signed with this
    /// certificate's key (and its Timestamp is fresh); nothing else is trusted for it.
    public var stsCertificate: Certificate?
    /// Refuse a response whose `wsa:RelatesTo` does not name the request's `wsa:MessageID`.
    public var requireRelatesTo = true
    /// Lifetime of the request's Timestamp.
    public var timestampLifetime: TimeInterval = 300
    /// The clock for the request's Timestamp and for checking the response's.
    public var clock: TimeSource = .system
    /// Tolerated difference between the client's and the STS's clocks.
    public var clockSkew: TimeInterval = 300

    public init(endpoint: String, security: MessageSecurity) {
        self.endpoint = endpoint
        self.security = security
    }
}
