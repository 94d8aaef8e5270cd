import SOAP
public import XMLCore

extension BinarySecurityToken {
    /// Writes the X509v3 token ``write(base64DER:into:before:id:)`` builds into `writer` in its
    /// exclusive canonical form (``CanonicalXMLWriter``).
    public static func write(base64DER: String, to writer: inout CanonicalXMLWriter, id: String) throws {
        writer.startElement("BinarySecurityToken", .wsse)
        try writer.attribute("EncodingType", WSSURI.base64Binary)
        try writer.attribute("ValueType", WSSURI.x509v3)
        try writer.attribute("Id", .wsu, id)
        try writer.text(base64DER)
        writer.endElement()
    }
}
