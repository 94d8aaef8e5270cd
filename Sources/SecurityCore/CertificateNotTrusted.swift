/// A certificate an ``X509TrustStore`` does not accept: it does not chain to an anchor (RFC 5280
/// path validation), or it is pinned but outside its validity. Each protocol layer answers it
/// with its own refusal (WSS `wsse:FailedAuthentication`, a SAML issuer not trusted).
public struct CertificateNotTrusted: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why, for logs; a peer is told only that authentication failed.
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
