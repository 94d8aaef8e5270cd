extension SAML1 {
    /// An `AuthenticationMethod` URI (sstc-saml-core-1.1 §7.1). Unknown methods are kept as they are.
    public struct AuthenticationMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// `urn:oasis:names:tc:SAML:1.0:am:password` (§7.1.1)
        public static let password = Self(rawValue: "urn:oasis:names:tc:SAML:1.0:am:password")
        /// `urn:ietf:rfc:1510`: Kerberos (§7.1.2)
        public static let kerberos = Self(rawValue: "urn:ietf:rfc:1510")
        /// `urn:ietf:rfc:2246`: TLS client authentication (§7.1.5)
        public static let tlsClient = Self(rawValue: "urn:ietf:rfc:2246")
        /// `urn:oasis:names:tc:SAML:1.0:am:X509-PKI` (§7.1.6)
        public static let x509PKI = Self(rawValue: "urn:oasis:names:tc:SAML:1.0:am:X509-PKI")
        /// `urn:ietf:rfc:3075`: XML Digital Signature (§7.1.10)
        public static let xmlDigitalSignature = Self(rawValue: "urn:ietf:rfc:3075")
        /// `urn:oasis:names:tc:SAML:1.0:am:unspecified` (§7.1.11)
        public static let unspecified = Self(rawValue: "urn:oasis:names:tc:SAML:1.0:am:unspecified")

        public var description: String { rawValue }
    }
}
