/// Namespace URIs of SAML assertions and the schema namespaces they use.
public enum SAMLNamespace {
    /// SAML 2.0 assertions (saml-core-2.0-os §2.1), written with the `saml2` prefix.
    public static let assertion20 = "urn:oasis:names:tc:SAML:2.0:assertion"
    /// SAML 1.0 and 1.1 assertions (sstc-saml-core-1.1 §2.1), written with the `saml` prefix.
    public static let assertion11 = "urn:oasis:names:tc:SAML:1.0:assertion"
    /// The SAML V2.0 Condition for Delegation Restriction (sstc-saml-delegation §2), `del`.
    public static let delegation = "urn:oasis:names:tc:SAML:2.0:conditions:delegation"
    /// XML Schema datatypes (`xs`), for `xsi:type="xs:string"` attribute values.
    public static let xs = "http://www.w3.org/2001/XMLSchema"
    /// XML Schema instance (`xsi`), for `xsi:type`.
    public static let xsi = "http://www.w3.org/2001/XMLSchema-instance"
}
