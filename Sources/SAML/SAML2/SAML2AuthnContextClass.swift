extension SAML2 {
    /// An authentication context class URI (saml-authn-context-2.0-os §3.4). Unknown classes
    /// are kept as they are.
    public struct AuthnContextClass: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        private static let prefix = "urn:oasis:names:tc:SAML:2.0:ac:classes:"
        /// `...:ac:classes:Password` (§3.4.14)
        public static let password = Self(rawValue: prefix + "Password")
        /// `...:ac:classes:PasswordProtectedTransport` (§3.4.15)
        public static let passwordProtectedTransport = Self(rawValue: prefix + "PasswordProtectedTransport")
        /// `...:ac:classes:X509` (§3.4.21)
        public static let x509 = Self(rawValue: prefix + "X509")
        /// `...:ac:classes:TLSClient` (§3.4.20)
        public static let tlsClient = Self(rawValue: prefix + "TLSClient")
        /// `...:ac:classes:Kerberos` (§3.4.7)
        public static let kerberos = Self(rawValue: prefix + "Kerberos")
        /// `...:ac:classes:PreviousSession` (§3.4.16)
        public static let previousSession = Self(rawValue: prefix + "PreviousSession")
        /// `...:ac:classes:unspecified` (§3.4.25)
        public static let unspecified = Self(rawValue: prefix + "unspecified")

        public var description: String { rawValue }
    }
}
