extension SAML2 {
    /// A subject confirmation method URI (SAML 2.0 profiles §3). Unknown methods are kept as they
    /// are.
    public struct ConfirmationMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// `urn:oasis:names:tc:SAML:2.0:cm:bearer` (profiles §3.3)
        public static let bearer = Self(rawValue: "urn:oasis:names:tc:SAML:2.0:cm:bearer")
        /// `urn:oasis:names:tc:SAML:2.0:cm:sender-vouches` (profiles §3.2), as in the RSTR of the
        /// token-transformation scenario.
        public static let senderVouches = Self(rawValue: "urn:oasis:names:tc:SAML:2.0:cm:sender-vouches")
        /// `urn:oasis:names:tc:SAML:2.0:cm:holder-of-key` (profiles §3.1)
        public static let holderOfKey = Self(rawValue: "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key")

        /// The version-neutral kind, nil for other methods.
        public var kind: SAMLConfirmationKind? {
            switch self {
            case .bearer: .bearer
            case .senderVouches: .senderVouches
            case .holderOfKey: .holderOfKey
            default: nil
            }
        }

        public var description: String { rawValue }
    }
}
