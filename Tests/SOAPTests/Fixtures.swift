import SOAP
import XMLCore

/// Namespaces the fixtures spell out in full.
enum NS {
    static let soap11 = "http://schemas.xmlsoap.org/soap/envelope/"
    static let soap12 = "http://www.w3.org/2003/05/soap-envelope"
    static let wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    static let wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    static let wsa10 = "http://www.w3.org/2005/08/addressing"
    static let wsa200408 = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
    static let trust13 = "http://docs.oasis-open.org/ws-sx/ws-trust/200512"
}

/// Messages from "Using WS-Trust for token transformation" (L. Chades, IBM developerWorks,
/// 2010), with the article's `http://.../` abbreviations replaced by the real namespaces.
enum Listings {
    /// Listing 1, the base service request (SOAP 1.1), verbatim apart from the namespaces: its
    /// Body holds the article's "…" placeholder as text.
    static let listing1Verbatim = listing1(body: "\n    …\n  ")

    /// Listing 1 with the Body placeholder replaced by a payload element.
    static let listing1 = listing1(body: #"<hel:hello xmlns:hel="http://testHost/HelloService"/>"#)

    private static func listing1(body: String) -> String {
        """
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
           <soapenv:Header>
              <To xmlns="http://www.w3.org/2005/08/addressing">
                http://testHost/HelloService
              </To>
              <Action xmlns="http://www.w3.org/2005/08/addressing">
                http://testHost/HelloService/hello
              </Action>
              <wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
                soapenv:mustUnderstand="1">
                <wsse:UsernameToken>
                  <wsse:Username>jdoe</wsse:Username>
                </wsse:UsernameToken>
              </wsse:Security>
           </soapenv:Header>
           <soapenv:Body>\(body)</soapenv:Body>
        </soapenv:Envelope>
        """
    }

    /// Listing 2, the request security token request (SOAP 1.2). The article's unterminated
    /// `<TokenType>` is closed; the "…" placeholders inside the signature are kept as text.
    static let listing2 = """
        <S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope"
           xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
           xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"
           xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
          <S:Header>
            <wsse:Security S:mustUnderstand="1">
              <wsse:BinarySecurityToken wsu:Id="SecurityToken-id"
            EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
            ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3">
               Gateway X509 Certificate
               </wsse:BinarySecurityToken>
              <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
                <SignedInfo>
                  …
                </SignedInfo>
                <SignatureValue>
                  …
                </SignatureValue>
                <KeyInfo>
                  <wsse:SecurityTokenReference>
                    <wsse:Reference URI="#SecurityToken-id"
                ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"/>
                  </wsse:SecurityTokenReference>
                </KeyInfo>
              </Signature>
              …
            </wsse:Security>
          </S:Header>
          <S:Body>
            <RequestSecurityToken xmlns="http://docs.oasis-open.org/ws-sx/ws-trust/200512"
             xmlns:wsa="http://www.w3.org/2005/08/addressing"
             xmlns:pol="http://schemas.xmlsoap.org/ws/2004/09/policy">
              <RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</RequestType>
              <pol:AppliesTo>
                <wsa:EndpointReference>
                  <wsa:Address>http://testHost/HelloService</wsa:Address>
                </wsa:EndpointReference>
              </pol:AppliesTo>
              <OnBehalfOf>
                <wsse:UsernameToken
                xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
                  <wsse:Username>jdoe</wsse:Username>
                </wsse:UsernameToken>
              </OnBehalfOf>
              <TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0</TokenType>
            </RequestSecurityToken>
          </S:Body>
        </S:Envelope>
        """
}

/// Parses `xml` as an envelope.
func parseEnvelope(_ xml: String) throws -> SOAPEnvelope {
    try SOAPEnvelope(parsing: Array(xml.utf8))
}

/// A SOAP 1.1 envelope whose Envelope element holds `content`, with `wsse` declared.
func envelope11(_ content: String) -> String {
    #"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">"#
        + content + "</s:Envelope>"
}

/// A SOAP 1.2 envelope whose Envelope element holds `content`, with `wsse` declared.
func envelope12(_ content: String) -> String {
    #"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">"#
        + content + "</s:Envelope>"
}

extension Array where Element == UInt8 {
    var string: String { String(decoding: self, as: UTF8.self) }
}

/// An envelope of `version` whose Envelope element holds `content` (prefix `s`, `wsse` declared).
func wrapEnvelope(_ version: SOAPVersion, _ content: String) -> String {
    version == .v11 ? envelope11(content) : envelope12(content)
}
