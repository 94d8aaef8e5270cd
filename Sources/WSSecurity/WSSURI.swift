/// ValueType, EncodingType and Type URIs used in security tokens and references.
public enum WSSURI {
    private static let soapMessageSecurity = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0"
    private static let x509Profile = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0"
    private static let usernameProfile = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    private static let messageSecurity11 = "http://docs.oasis-open.org/wss/oasis-wss-soap-message-security-1.1"

    public static let base64Binary = soapMessageSecurity + "#Base64Binary"
    public static let x509v3 = x509Profile + "#X509v3"
    public static let x509PKIPathv1 = x509Profile + "#X509PKIPathv1"
    public static let x509SubjectKeyIdentifier = x509Profile + "#X509SubjectKeyIdentifier"
    public static let thumbprintSHA1 = messageSecurity11 + "#ThumbprintSHA1"
    public static let encryptedKeySHA1 = messageSecurity11 + "#EncryptedKeySHA1"
    public static let encryptedKeyToken = "http://docs.oasis-open.org/wss/oasis-wss-soap-message-security-1.1#EncryptedKey"
    public static let passwordText = usernameProfile + "#PasswordText"
    public static let passwordDigest = usernameProfile + "#PasswordDigest"
    public static let usernameToken = usernameProfile + "#UsernameToken"
    public static let samlV20ID = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID"
    public static let samlV11ID = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.0#SAMLAssertionID"
    /// The `wsse11:TokenType` of a reference to a SAML 2.0 / SAML 1.1 assertion (SAML Token Profile 1.1 §3.4).
    public static let samlV20TokenType = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0"
    public static let samlV11TokenType = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1"
}
