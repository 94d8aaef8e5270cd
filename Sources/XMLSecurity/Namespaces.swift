/// Namespace URIs of XML Signature and XML Encryption.
public enum XMLSecurityNamespace {
    /// XML-DSig 1.0 (`ds`).
    public static let ds = "http://www.w3.org/2000/09/xmldsig#"
    /// XML-DSig 1.1 additions (`dsig11`).
    public static let dsig11 = "http://www.w3.org/2009/xmldsig11#"
    /// XML-Enc 1.0 (`xenc`).
    public static let xenc = "http://www.w3.org/2001/04/xmlenc#"
    /// XML-Enc 1.1 additions (`xenc11`).
    public static let xenc11 = "http://www.w3.org/2009/xmlenc11#"
    /// Exclusive C14N's InclusiveNamespaces (`ec`).
    public static let excC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
}
