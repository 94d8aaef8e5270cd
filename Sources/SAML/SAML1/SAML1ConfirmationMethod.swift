extension SAML1 {
    /// A `<ConfirmationMethod>` URI (sstc-saml-core-1.1 §7.1). Unknown methods are kept as they are.
    public struct ConfirmationMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// `urn:oasis:names:tc:SAML:1.0:cm:holder-of-key` (§7.1.1)
        public static let holderOfKey = Self(rawValue: "urn:oasis:names:tc:SAML:1.0:cm:holder-of-key")
        /// `urn:oasis:names:tc:SAML:1.0:cm:sender-vouches` (§7.1.2)
        public static let senderVouches = Self(rawValue: "urn:oasis:names:tc:SAML:1.0:cm:sender-vouches")
        /// `urn:oasis:names:tc:SAML:1.0:cm:artifact` (§7.1.3; browser profile only)
        public static let artifact = Self(rawValue: "urn:oasis:names:tc:SAML:1.0:cm:artifact")
        /// `urn:oasis:names:tc:SAML:1.0:cm:bearer` (§7.1.4)
        public static let bearer = Self(rawValue: "urn:oasis:names:tc:SAML:1.0:cm:bearer")

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
