import SOAP

/// The namespaces of the STS's service description, with the prefixes it declares them with.
enum MetadataNamespace {
    static let wsdl = "http://schemas.xmlsoap.org/wsdl/"
    static let soap11Binding = "http://schemas.xmlsoap.org/wsdl/soap/"
    static let soap12Binding = "http://schemas.xmlsoap.org/wsdl/soap12/"
    /// WS-Policy 1.2 (submission): what ADFS publishes and what WS-Trust clients look for.
    static let policy = "http://schemas.xmlsoap.org/ws/2004/09/policy"
    /// WS-SecurityPolicy 1.2.
    static let securityPolicy12 = "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702"
    /// WS-SecurityPolicy of July 2005, used with the February 2005 WS-Trust endpoint as ADFS does.
    static let securityPolicy2005 = "http://schemas.xmlsoap.org/ws/2005/07/securitypolicy"
    static let utility = WSSNamespace.utility
    static let addressing = "http://www.w3.org/2005/08/addressing"
    /// WS-Addressing 1.0 Metadata: the `Action` attribute of WSDL 1.1 input and output.
    static let addressingMetadata = "http://www.w3.org/2007/05/addressing/metadata"
    static let schema = "http://www.w3.org/2001/XMLSchema"
    /// WS-MetadataExchange (September 2004), the version ADFS and WCF serve.
    static let metadataExchange = "http://schemas.xmlsoap.org/ws/2004/09/mex"
    /// WS-Transfer (September 2004): the Get request a metadata exchange client POSTs.
    static let transfer = "http://schemas.xmlsoap.org/ws/2004/09/transfer"
    /// SOAP over HTTP, the `transport` of a SOAP binding.
    static let httpTransport = "http://schemas.xmlsoap.org/soap/http"
    /// The target namespace of Tessera's WSDL.
    static let target = "urn:tessera:sts"

    /// Every prefix the WSDL declares on its root, so QName-valued attributes resolve.
    static let declarations: [(prefix: String, uri: String)] = [
        ("wsdl", wsdl), ("soap", soap11Binding), ("soap12", soap12Binding), ("wsp", policy), ("sp", securityPolicy12),
        ("sp2005", securityPolicy2005), ("wsu", utility), ("wsa10", addressing), ("wsam", addressingMetadata),
        ("xsd", schema), ("tns", target), ("wst", "http://docs.oasis-open.org/ws-sx/ws-trust/200512"),
        ("t", "http://schemas.xmlsoap.org/ws/2005/02/trust"),
    ]
}
