/// SAML 1.1 assertions (OASIS sstc-saml-core-1.1, namespace `urn:oasis:names:tc:SAML:1.0:assertion`,
/// written with the `saml` prefix), still requested by WS-Trust clients as the
/// `...saml-token-profile-1.1#SAMLV1.1` token type. MajorVersion 1, MinorVersion 1 only.
public enum SAML1 {
    static let namespace = SAMLNamespace.assertion11
    static let prefix = "saml"
}
