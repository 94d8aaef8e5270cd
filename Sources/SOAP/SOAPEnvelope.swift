public import XMLCore

/// A SOAP 1.1 or 1.2 envelope held in an ``XMLDocument`` whose shape has been checked.
///
/// Building one refuses every shape that lets a signature cover one element while the
/// application reads another: a second `Body` or `Header`, a `Header` after the `Body`,
/// anything else in the `Envelope`, and SOAP `Envelope`, `Header` or `Body` elements anywhere
/// below the envelope's own children (a `Body` hidden in a header block). The check is always
/// on. The envelope shares its document: changes made through either are seen by both.
public struct SOAPEnvelope {
    /// The document holding the envelope.
    public let document: XMLDocument
    /// The SOAP version, from the envelope namespace.
    public let version: SOAPVersion
    /// The one `Body` element.
    public let body: XMLElement

    /// Wraps a parsed document after checking its shape (SOAP 1.2 Part 1 §5, SOAP 1.1 §4).
    /// A document holding a processing instruction anywhere is refused (SOAP 1.2 Part 1 §5;
    /// SOAP 1.1 receivers refuse them too).
    ///
    /// - Throws: ``SOAPError`` with code `processingInstruction`, `notAnEnvelope`,
    ///   `versionMismatch`, `missingBody`, `duplicateBody`, `duplicateHeader`,
    ///   `misplacedHeader`, `unexpectedContent` or `misplacedEnvelopePart`.
    public init(document: XMLDocument) throws(SOAPError) {
        try Self.refuseProcessingInstructions(in: document)
        let root = document.root
        guard root.localName == "Envelope" else {
            throw SOAPError(.notAnEnvelope, "the document element is '\(root.localName)', not Envelope")
        }
        guard let version = SOAPVersion(envelopeRoot: root) else {
            throw SOAPError(.versionMismatch, "the Envelope is in the namespace '\(root.namespaceURI ?? "")'")
        }
        self.document = document
        self.version = version
        self.body = try Self.checkShape(of: root, version: version).body
    }

    /// Parses `bytes` with XMLCore's hardened parser, then checks the envelope's shape.
    ///
    /// - Throws: ``XMLError`` for bytes that are not acceptable XML, ``SOAPError`` for XML that
    ///   is not an acceptable envelope.
    public init(parsing bytes: some Collection<UInt8>, limits: XMLParsingLimits = .default) throws {
        try self.init(document: XMLDocument(parsing: bytes, limits: limits))
    }

    /// A new envelope with an empty `Header` and an empty `Body`, written with the version's
    /// preferred prefix.
    public init(version: SOAPVersion) {
        let document = XMLDocument(rootLocalName: "Envelope", namespace: version.namespace, prefix: version.preferredPrefix)
        document.root.addChild("Header", version.namespace, prefix: version.preferredPrefix)
        self.document = document
        self.version = version
        self.body = document.root.addChild("Body", version.namespace, prefix: version.preferredPrefix)
    }

    /// The `Envelope` element.
    public var envelope: XMLElement { document.root }

    /// The `Header` element, if the envelope has one.
    public var header: XMLElement? {
        envelope.firstElementChild.flatMap { $0.is("Header", version.namespace) ? $0 : nil }
    }

    /// The header blocks (the element children of `Header`), in document order.
    public var headerBlocks: [XMLElement] { header?.children ?? [] }

    /// The first element child of `Body`: the request, the response or the `Fault`.
    ///
    /// SOAP allows several; the protocols built on this library carry one. Whatever the
    /// application reads must be covered by a signature over the whole `Body`, which the
    /// WS-Security layer checks.
    public var bodyPayload: XMLElement? { body.firstElementChild }

    /// The `Header`, created before the `Body` when the envelope has none.
    @discardableResult
    public func ensureHeader() -> XMLElement {
        if let header { return header }
        return envelope.insertChild("Header", version.namespace, prefix: body.prefix, before: body)
    }

    /// Appends a new header block (creating the `Header` if needed).
    @discardableResult
    public func addHeaderBlock(_ localName: String, _ namespace: String, prefix: String? = nil) -> XMLElement {
        ensureHeader().addChild(localName, namespace, prefix: prefix)
    }

    /// Checks the shape again, for callers that changed the tree (decryption replaces
    /// elements) and must know it is still an envelope of one `Header` and one `Body`, and
    /// still free of processing instructions.
    public func validate() throws(SOAPError) {
        try Self.refuseProcessingInstructions(in: document)
        let shape = try Self.checkShape(of: envelope, version: version)
        guard shape.body == body else {
            throw SOAPError(.duplicateBody, "the Body is no longer the one the envelope was read with")
        }
    }

    /// The serialized envelope, UTF-8, without an XML declaration.
    public func serialize() -> [UInt8] {
        document.serialize()
    }

    // MARK: Shape

    /// The names SOAP reserves for the envelope's own structure, in both versions.
    private static let envelopeParts = QNameList(
        SOAPVersion.allCases.flatMap { version in
            ["Envelope", "Header", "Body"].map { QName(version.namespace, $0) }
        })

    private static func refuseProcessingInstructions(in document: XMLDocument) throws(SOAPError) {
        guard !document.containsProcessingInstructions else {
            throw SOAPError(.processingInstruction, "the message contains a processing instruction")
        }
    }

    private static func checkShape(of root: XMLElement, version: SOAPVersion) throws(SOAPError) -> (header: XMLElement?, body: XMLElement) {
        let namespace = version.namespace
        guard !root.hasNonWhitespaceText else {
            throw SOAPError(.unexpectedContent, "the Envelope contains text")
        }
        var header: XMLElement?
        var body: XMLElement?
        for child in root.children {
            if child.is("Header", namespace) {
                guard header == nil else { throw SOAPError(.duplicateHeader, "the Envelope has a second Header") }
                guard body == nil else { throw SOAPError(.misplacedHeader, "the Header follows the Body") }
                header = child
            } else if child.is("Body", namespace) {
                guard body == nil else { throw SOAPError(.duplicateBody, "the Envelope has a second Body") }
                body = child
            } else {
                throw SOAPError(.unexpectedContent, "the Envelope contains \(child.name), which is neither Header nor Body")
            }
        }
        guard let body else { throw SOAPError(.missingBody, "the Envelope has no Body") }
        for part in [header, body].compactMap(\.self) {
            guard !part.hasNonWhitespaceText else {
                throw SOAPError(.unexpectedContent, "the \(part.localName) contains text")
            }
            if let element = part.firstDescendant(namedAnyOf: envelopeParts) {
                throw SOAPError(.misplacedEnvelopePart, "\(element.name) occurs inside the \(part.localName)")
            }
        }
        return (header, body)
    }
}
