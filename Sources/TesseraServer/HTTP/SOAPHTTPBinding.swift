import SecurityCore
public import SOAP

/// The SOAP HTTP binding as the STS endpoint applies it: which SOAP version a request's
/// `Content-Type` announces, which action the HTTP layer carries, and which HTTP status a
/// response envelope goes out with.
public enum SOAPHTTPBinding {
    /// The SOAP version announced by `contentType` (`text/xml` for SOAP 1.1,
    /// `application/soap+xml` for SOAP 1.2); nil for any other media type.
    public static func version(contentType: String?) -> SOAPVersion? {
        contentType.flatMap(SOAPVersion.init(contentType:))
    }

    /// The action the HTTP layer carries: the SOAP 1.1 `SOAPAction` header (SOAP 1.1 §6.1.1;
    /// an empty value is no action) or the SOAP 1.2 `action` media-type parameter (RFC 3902 §3).
    /// A `SOAPAction` header on a SOAP 1.2 request is read too, as ADFS clients send it.
    public static func action(version: SOAPVersion, contentType: String?, soapActionHeader: String?) -> String? {
        let fromHeader = soapActionHeader.flatMap(SOAPVersion.action(fromSOAPActionHeader:))
        switch version {
        case .v11:
            return fromHeader
        case .v12:
            let fromContentType = contentType.flatMap(SOAPVersion.action(fromContentType:)).flatMap { $0.isEmpty ? nil : $0 }
            return fromContentType ?? fromHeader
        }
    }

    /// The HTTP status of a response carrying `fault` (nil: a successful response, 200).
    ///
    /// SOAP 1.1 §6.2: every fault goes out with 500. SOAP 1.2 Part 2 §7.5.1.2 (table 20): a
    /// `Sender` fault with 400, every other fault with 500. The busy fault goes out with 503
    /// (RFC 9110 §15.6.4) in both versions, so HTTP clients and balancers retry elsewhere.
    public static func status(of fault: SOAPFault?, version: SOAPVersion) -> Int {
        guard let fault else { return 200 }
        if fault == ServiceBusy.fault { return 503 }
        switch (version, fault.code) {
        case (.v12, .sender): return 400
        default: return 500
        }
    }
}
