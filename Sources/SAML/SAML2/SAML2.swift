/// SAML 2.0 assertions (OASIS saml-core-2.0-os, namespace `urn:oasis:names:tc:SAML:2.0:assertion`,
/// written with the `saml2` prefix). Each element is a model with its own `init(element:)`
/// reader and writer; reading is processing only, trust is ``SAMLAssertionValidator``'s job.
public enum SAML2 {
    /// The `Version` an assertion must carry (§2.3.3).
    public static let version = "2.0"
    static let namespace = SAMLNamespace.assertion20
    static let prefix = "saml2"
}
