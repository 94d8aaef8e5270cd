import Foundation
import SOAP
public import XMLCore

extension SecurityTokenReference {
    /// A SecurityTokenReference of `form` written in its exclusive canonical form, without a
    /// tree (``CanonicalXMLWriter``), as ``write(_:into:tokenType:)`` builds it: for a response
    /// that carries it unchanged (a token's attached and unattached references), placed through a
    /// ``VerbatimElement`` whose canonical form the response's signature digests in place. nil for
    /// forms other than a `wsse:Reference` or a `wsse:KeyIdentifier`, and for values holding
    /// characters XML does not allow.
    public static func written(_ form: Form, tokenType: String? = nil) -> VerbatimElement? {
        var writer = CanonicalXMLWriter(capacity: 512)
        do {
            guard try write(form, tokenType: tokenType, to: &writer) else { return nil }
            return try VerbatimElement(written: writer)
        } catch {
            return nil
        }
    }

    /// Writes the SecurityTokenReference ``written(_:tokenType:)`` writes into `writer` (inside
    /// a `ds:KeyInfo` it writes, say); false, with nothing written, for forms other than a
    /// `wsse:Reference` or a `wsse:KeyIdentifier`.
    ///
    /// - Throws: ``XMLError`` for values holding characters XML does not allow.
    public static func write(_ form: Form, tokenType: String? = nil, to writer: inout CanonicalXMLWriter) throws -> Bool {
        if case .issuerSerial = form { return false }
        if case .embedded = form { return false }
        writer.startElement("SecurityTokenReference", .wsse)
        if let tokenType { try writer.attribute("TokenType", .wsse11, tokenType) }
        switch form {
        case .reference(let uri, let valueType):
            writer.startElement("Reference", .wsse)
            try writer.attribute("URI", uri)
            try writer.attribute("ValueType", ifPresent: valueType)
            writer.endElement()
        case .keyIdentifier(let valueType, let value, let text):
            writer.startElement("KeyIdentifier", .wsse)
            try writer.attribute("ValueType", valueType)
            if valueType == WSSURI.samlV20ID || valueType == WSSURI.samlV11ID {
                try writer.text(text)
            } else {
                try writer.attribute("EncodingType", WSSURI.base64Binary)
                try writer.text(Data(value).base64EncodedString())
            }
            writer.endElement()
        case .issuerSerial, .embedded:
            break
        }
        writer.endElement()
        return true
    }
}

extension CanonicalXMLWriter.Namespace {
    /// WS-Security's `wsse` namespace.
    static let wsse = CanonicalXMLWriter.Namespace(prefix: "wsse", uri: WSSNamespace.secext)
    /// WS-Security 1.1's `wsse11` namespace.
    static let wsse11 = CanonicalXMLWriter.Namespace(prefix: "wsse11", uri: WSSNamespace.secext11)
}
