/// A name identifier format URI (SAML 2.0 core §8.3; the `1.1` formats are those of SAML 1.1
/// core §7.3 and are used by both versions). Unknown formats are kept as they are.
public struct SAMLNameIDFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified`
    public static let unspecified = Self(rawValue: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")
    /// `urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress`
    public static let emailAddress = Self(rawValue: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
    /// `urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName`
    public static let x509SubjectName = Self(rawValue: "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName")
    /// `urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName`
    public static let windowsDomainQualifiedName = Self(rawValue: "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName")
    /// `urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos` (SAML 2.0 only)
    public static let kerberos = Self(rawValue: "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos")
    /// `urn:oasis:names:tc:SAML:2.0:nameid-format:entity`: the Issuer's usual format (SAML 2.0 only).
    public static let entity = Self(rawValue: "urn:oasis:names:tc:SAML:2.0:nameid-format:entity")
    /// `urn:oasis:names:tc:SAML:2.0:nameid-format:persistent` (SAML 2.0 only)
    public static let persistent = Self(rawValue: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent")
    /// `urn:oasis:names:tc:SAML:2.0:nameid-format:transient` (SAML 2.0 only)
    public static let transient = Self(rawValue: "urn:oasis:names:tc:SAML:2.0:nameid-format:transient")

    public var description: String { rawValue }
}
