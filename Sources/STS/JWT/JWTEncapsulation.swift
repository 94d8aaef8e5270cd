import Foundation
import SOAP
import WSSecurity
public import XMLCore

/// How a JWT (a compact JWS, which is text) travels inside `wst:RequestedSecurityToken`; WS-Trust
/// defines no form for it, so the two forms peers use are offered.
public enum JWTEncapsulation: Hashable, Sendable {
    /// `<TokenWrapper>` (no namespace) whose text is the JWT: what Apache CXF's STS sends
    /// (`org.apache.cxf.sts.operation.DefaultTokenWrapper`) and its client reads.
    case cxfTokenWrapper
    /// `wsse:BinarySecurityToken` with ValueType `urn:ietf:params:oauth:token-type:jwt`, Base64
    /// EncodingType and the JWT's UTF-8 bytes as content, as Microsoft's
    /// `JwtSecurityTokenHandler.WriteToken(XmlWriter, SecurityToken)` writes it for WIF/ADFS.
    case binarySecurityToken

    /// The ValueType of a JWT BinarySecurityToken (RFC 8693 §3 token type identifier).
    public static let valueType = "urn:ietf:params:oauth:token-type:jwt"

    /// A new element, root of its own document, carrying `jwt`; `id` becomes the
    /// BinarySecurityToken's `wsu:Id`.
    func element(for jwt: String, id: String) -> XMLElement {
        switch self {
        case .cxfTokenWrapper:
            let document = XMLDocument(rootLocalName: "TokenWrapper", namespace: nil)
            document.root.setText(jwt)
            return document.root
        case .binarySecurityToken:
            let document = XMLDocument(rootLocalName: "BinarySecurityToken", namespace: WSSNamespace.secext, prefix: "wsse")
            let token = document.root
            token.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: id)
            token.setAttribute("ValueType", value: Self.valueType)
            token.setAttribute("EncodingType", value: WSSURI.base64Binary)
            token.setText(Data(jwt.utf8).base64EncodedString())
            return token
        }
    }

    /// The JWT an element written by either form carries, or nil when it is neither form.
    public static func jwt(in element: XMLElement) -> String? {
        if element.localName == "TokenWrapper", element.namespaceURI == nil {
            return element.trimmedText
        }
        guard element.is("BinarySecurityToken", WSSNamespace.secext), element.attribute("ValueType") == valueType,
            let data = Data(base64Encoded: element.text.filter { !$0.isWhitespace })
        else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
