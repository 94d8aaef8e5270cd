import XMLCore

/// Writing a decoded model and reading it back: the codec's own output must decode again.
public enum RoundTrip {
    /// The SOAP 1.1 envelope namespace, under which models are written.
    static let soap11 = "http://schemas.xmlsoap.org/soap/envelope/"

    /// Writes with `write` into a fresh `soap:Body`, compares the writers with libxml2 on the
    /// result (``WriterCheck``), serializes it, parses it back and decodes its first child with
    /// `decode`. A failure at any step is a ``Finding`` naming `what`.
    @discardableResult
    public static func check<T>(_ what: String, write: (XMLElement) -> Void, decode: (XMLElement) throws -> T) -> T {
        let document = XMLDocument(rootLocalName: "Body", namespace: soap11, prefix: "soap")
        write(document.root)
        WriterCheck.check(document)
        let reparsed: XMLDocument
        do {
            reparsed = try XMLDocument(parsing: document.serialize())
        } catch {
            Finding.report("a written \(what) does not parse back: \(error)")
        }
        guard let written = reparsed.root.children.first else {
            Finding.report("a written \(what) is missing once parsed back")
        }
        do {
            return try decode(written)
        } catch {
            Finding.report("a written \(what) does not decode again: \(error)")
        }
    }

    /// The elements of `document` tried as a model, in document order, at most `limit`.
    public static func candidates(in document: XMLDocument, limit: Int = 64) -> ArraySlice<XMLElement> {
        document.root.descendantsAndSelf.prefix(limit)
    }
}
