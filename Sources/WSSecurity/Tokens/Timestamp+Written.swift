import SecurityCore
import SOAP
public import XMLCore

extension Timestamp {
    /// Writes the Timestamp ``write(into:before:id:)`` builds, with the given wsu:Id, into
    /// `writer` in its exclusive canonical form (``CanonicalXMLWriter``).
    public func write(to writer: inout CanonicalXMLWriter, id: String) throws {
        writer.startElement("Timestamp", .wsu)
        try writer.attribute("Id", .wsu, id)
        try writer.element("Created", .wsu, text: XSDDateTime.format(created))
        if let expires {
            try writer.element("Expires", .wsu, text: XSDDateTime.format(expires))
        }
        writer.endElement()
    }
}

extension CanonicalXMLWriter.Namespace {
    /// WS-Security's utility namespace, `wsu`.
    static let wsu = CanonicalXMLWriter.Namespace(prefix: "wsu", uri: WSSNamespace.utility)
}
