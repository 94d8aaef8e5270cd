import SecurityCore
import SOAP
import Foundation
public import XMLCore
import XMLSecurity

/// `wsse:SecurityTokenReference` (WSS 1.1 §7): how a signature or encrypted key names its token.
public struct SecurityTokenReference {
    public enum Form {
        /// `wsse:Reference`: `#id` in the message, or an external URI (a context identifier).
        case reference(uri: String, valueType: String?)
        /// `wsse:KeyIdentifier`: SKI, thumbprint, EncryptedKeySHA1, the certificate itself
        /// (`#X509v3`; all bytes) or a SAML ID (text).
        case keyIdentifier(valueType: String, value: [UInt8], text: String)
        /// `ds:X509Data/ds:X509IssuerSerial`.
        case issuerSerial(issuerName: String, serialNumber: String)
        /// `wsse:Embedded` holding a token.
        case embedded(XMLElement)
    }

    public let element: XMLElement
    public let form: Form
    /// `wsse11:TokenType`, when given.
    public let tokenType: String?

    public init(element: XMLElement) throws {
        let wsse = WSSNamespace.secext
        guard element.is("SecurityTokenReference", wsse) else {
            throw WSSecurityError(.invalidSecurity, "expected wsse:SecurityTokenReference")
        }
        self.element = element
        tokenType = element.attribute("TokenType", WSSNamespace.secext11)
        let children = element.children
        guard children.count == 1, let child = children.first else {
            throw WSSecurityError(.invalidSecurity, "a SecurityTokenReference must hold exactly one reference")
        }
        switch (child.namespaceURI, child.localName) {
        case (wsse, "Reference"):
            guard let uri = child.attribute("URI"), !uri.isEmpty else {
                throw WSSecurityError(.invalidSecurity, "wsse:Reference lacks URI")
            }
            form = .reference(uri: uri, valueType: child.attribute("ValueType"))
        case (wsse, "KeyIdentifier"):
            guard let valueType = child.attribute("ValueType") else {
                throw WSSecurityError(.invalidSecurity, "wsse:KeyIdentifier lacks ValueType")
            }
            let text = child.trimmedText
            let encoding = child.attribute("EncodingType")
            let isBinary =
                encoding == WSSURI.base64Binary
                || [WSSURI.x509SubjectKeyIdentifier, WSSURI.thumbprintSHA1, WSSURI.encryptedKeySHA1, WSSURI.x509v3].contains(valueType)
            if isBinary {
                guard let data = Data(base64Encoded: text) else {
                    throw WSSecurityError(.invalidSecurity, "wsse:KeyIdentifier is not valid Base64")
                }
                form = .keyIdentifier(valueType: valueType, value: [UInt8](data), text: text)
            } else {
                form = .keyIdentifier(valueType: valueType, value: Array(text.utf8), text: text)
            }
        case (XMLSecurityNamespace.ds, "X509Data"):
            let ds = XMLSecurityNamespace.ds
            guard let issuerSerial = child.firstChild("X509IssuerSerial", ds),
                let name = issuerSerial.firstChild("X509IssuerName", ds)?.trimmedText,
                let serial = issuerSerial.firstChild("X509SerialNumber", ds)?.trimmedText
            else {
                throw WSSecurityError(.invalidSecurity, "ds:X509Data in a SecurityTokenReference needs X509IssuerSerial")
            }
            form = .issuerSerial(issuerName: name, serialNumber: serial)
        case (wsse, "Embedded"):
            guard let token = child.children.first else {
                throw WSSecurityError(.invalidSecurity, "wsse:Embedded is empty")
            }
            form = .embedded(token)
        default:
            throw WSSecurityError(.invalidSecurity, "unsupported reference \(child.name)")
        }
    }

    /// Writes a SecurityTokenReference with `form` into `parent`.
    @discardableResult
    public static func write(_ form: Form, into parent: XMLElement, tokenType: String? = nil) -> XMLElement {
        let wsse = WSSNamespace.secext
        let element = parent.addChild("SecurityTokenReference", wsse, prefix: "wsse")
        if let tokenType { element.setAttribute("TokenType", WSSNamespace.secext11, prefix: "wsse11", value: tokenType) }
        switch form {
        case .reference(let uri, let valueType):
            let reference = element.addChild("Reference", wsse, prefix: "wsse")
            reference.setAttribute("URI", value: uri)
            if let valueType { reference.setAttribute("ValueType", value: valueType) }
        case .keyIdentifier(let valueType, let value, let text):
            let identifier = element.addChild("KeyIdentifier", wsse, prefix: "wsse")
            identifier.setAttribute("ValueType", value: valueType)
            if [WSSURI.samlV20ID, WSSURI.samlV11ID].contains(valueType) {
                identifier.setText(text)
            } else {
                identifier.setAttribute("EncodingType", value: WSSURI.base64Binary)
                identifier.setText(Data(value).base64EncodedString())
            }
        case .issuerSerial(let issuerName, let serialNumber):
            let ds = XMLSecurityNamespace.ds
            let issuerSerial = element.addChild("X509Data", ds, prefix: "ds").addChild("X509IssuerSerial", ds, prefix: "ds")
            issuerSerial.addChild("X509IssuerName", ds, prefix: "ds").setText(issuerName)
            issuerSerial.addChild("X509SerialNumber", ds, prefix: "ds").setText(serialNumber)
        case .embedded(let token):
            element.addChild("Embedded", wsse, prefix: "wsse").addCopy(of: token)
        }
        return element
    }
}
