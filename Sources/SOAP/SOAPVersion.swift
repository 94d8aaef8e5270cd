public import XMLCore

/// The two SOAP envelope versions, with what differs between them on the wire: the envelope
/// namespace, the HTTP binding (content type and where the action goes), and the spelling of
/// header attributes.
public enum SOAPVersion: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// SOAP 1.1 (W3C Note, 8 May 2000).
    case v11
    /// SOAP 1.2 (W3C Recommendation, second edition 2007).
    case v12

    /// The SOAP 1.1 envelope namespace.
    public static let namespace11 = "http://schemas.xmlsoap.org/soap/envelope/"
    /// The SOAP 1.2 envelope namespace.
    public static let namespace12 = "http://www.w3.org/2003/05/soap-envelope"

    /// The envelope namespace.
    public var namespace: String {
        switch self {
        case .v11: Self.namespace11
        case .v12: Self.namespace12
        }
    }

    /// The version whose envelope namespace is `namespace`, or nil.
    public init?(namespace: String) {
        switch namespace {
        case Self.namespace11: self = .v11
        case Self.namespace12: self = .v12
        default: return nil
        }
    }

    /// The version of an envelope, read from its document element: nil unless the element is
    /// an `Envelope` in one of the two envelope namespaces.
    public init?(envelopeRoot root: XMLElement) {
        guard root.localName == "Envelope", let namespace = root.namespaceURI else { return nil }
        self.init(namespace: namespace)
    }

    /// The prefix this library writes envelope elements with.
    public var preferredPrefix: String {
        switch self {
        case .v11: "soapenv"
        case .v12: "soap"
        }
    }

    public var description: String {
        switch self {
        case .v11: "SOAP 1.1"
        case .v12: "SOAP 1.2"
        }
    }

    // MARK: HTTP binding

    /// The media type of a message: `text/xml` (SOAP 1.1 §6.1.1) or `application/soap+xml`
    /// (RFC 3902, SOAP 1.2 Part 2 §7.1.4).
    public var mediaType: String {
        switch self {
        case .v11: "text/xml"
        case .v12: "application/soap+xml"
        }
    }

    /// The `Content-Type` header value for a UTF-8 message. SOAP 1.2 carries the action as a
    /// media-type parameter (RFC 3902 §3); SOAP 1.1 carries it in the `SOAPAction` header
    /// instead (see ``soapActionHeader(action:)``), so `action` is not used for it.
    public func contentType(action: String? = nil) -> String {
        switch self {
        case .v11:
            return "text/xml; charset=utf-8"
        case .v12:
            guard let action else { return "application/soap+xml; charset=utf-8" }
            return "application/soap+xml; charset=utf-8; action=\(Self.quoted(action))"
        }
    }

    /// The value of the SOAP 1.1 `SOAPAction` HTTP header for `action`, quoted as SOAP 1.1
    /// §6.1.1 requires (`""` when there is no action); nil for SOAP 1.2, which has no such header.
    public func soapActionHeader(action: String?) -> String? {
        switch self {
        case .v11: Self.quoted(action ?? "")
        case .v12: nil
        }
    }

    /// Every HTTP header a request of this version needs for `action`: `Content-Type`, and for
    /// SOAP 1.1 `SOAPAction`.
    public func httpHeaders(action: String?) -> [(name: String, value: String)] {
        var headers = [(name: "Content-Type", value: contentType(action: action))]
        if let soapAction = soapActionHeader(action: action) {
            headers.append((name: "SOAPAction", value: soapAction))
        }
        return headers
    }

    /// The version a `Content-Type` header value announces, by its media type (parameters and
    /// case ignored); nil for anything else.
    public init?(contentType: String) {
        guard let version = ASCIIHeaderValue.read(contentType, Self.version(ofContentType:)) ?? Self.version(ofUnicodeContentType: contentType)
        else { return nil }
        self = version
    }

    /// The `action` parameter of a SOAP 1.2 `Content-Type` value (RFC 3902 §3), unquoted.
    public static func action(fromContentType contentType: String) -> String? {
        ASCIIHeaderValue.read(contentType, action(fromContentType:)) ?? action(fromUnicodeContentType: contentType)
    }

    /// ``init(contentType:)`` over the bytes of an ASCII value: the same splits, trims and
    /// case-insensitive comparisons as over its characters, without breaking it into them.
    private static func version(ofContentType bytes: UnsafeBufferPointer<UInt8>) -> SOAPVersion?? {
        guard let first = bytes.split(separator: UInt8(ascii: ";"), maxSplits: 1).first else { return .some(nil) }
        let mediaType = ASCIIHeaderValue.trimmed(first)
        if ASCIIHeaderValue.equalsIgnoringCase(mediaType, "text/xml") { return .v11 }
        if ASCIIHeaderValue.equalsIgnoringCase(mediaType, "application/soap+xml") { return .v12 }
        return .some(nil)
    }

    /// ``action(fromContentType:)`` over the bytes of an ASCII value.
    private static func action(fromContentType bytes: UnsafeBufferPointer<UInt8>) -> String?? {
        for parameter in bytes.split(separator: UInt8(ascii: ";")).dropFirst() {
            let pair = parameter.split(separator: UInt8(ascii: "="), maxSplits: 1)
            guard pair.count == 2, ASCIIHeaderValue.equalsIgnoringCase(ASCIIHeaderValue.trimmed(pair[0]), "action") else { continue }
            return ASCIIHeaderValue.unquoted(ASCIIHeaderValue.trimmed(pair[1]))
        }
        return .some(nil)
    }

    /// ``init(contentType:)`` for a value with non-ASCII characters.
    private static func version(ofUnicodeContentType contentType: String) -> SOAPVersion? {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingXMLWhitespace().lowercased() }
        switch mediaType {
        case "text/xml": return .v11
        case "application/soap+xml": return .v12
        default: return nil
        }
    }

    /// ``action(fromContentType:)`` for a value with non-ASCII characters.
    private static func action(fromUnicodeContentType contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingXMLWhitespace().lowercased() == "action" else { continue }
            return unquoted(pair[1].trimmingXMLWhitespace())
        }
        return nil
    }

    /// The action carried by a SOAP 1.1 `SOAPAction` header value, unquoted (nil when empty).
    public static func action(fromSOAPActionHeader value: String) -> String? {
        let action =
            ASCIIHeaderValue.read(value) { bytes in .some(ASCIIHeaderValue.unquoted(ASCIIHeaderValue.trimmed(bytes[...]))) }
            ?? unquoted(value.trimmingXMLWhitespace())
        return action.isEmpty ? nil : action
    }

    // MARK: Header attributes

    /// The local name of the attribute that targets a header block at a node: `actor` in
    /// SOAP 1.1 (§4.2.2), `role` in SOAP 1.2 (Part 1 §5.2.2). It is in the envelope namespace.
    public var roleAttributeName: String {
        switch self {
        case .v11: "actor"
        case .v12: "role"
        }
    }

    /// The URI naming the next SOAP node on the path: SOAP 1.1 §4.2.2, SOAP 1.2 Part 1 §2.2.
    public var nextRoleURI: String {
        switch self {
        case .v11: "http://schemas.xmlsoap.org/soap/actor/next"
        case .v12: "http://www.w3.org/2003/05/soap-envelope/role/next"
        }
    }

    /// The URI naming the ultimate receiver explicitly (SOAP 1.2 Part 1 §2.2); SOAP 1.1 has
    /// none, it only leaves the actor out.
    public var ultimateReceiverRoleURI: String? {
        switch self {
        case .v11: nil
        case .v12: "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver"
        }
    }

    /// How this version writes a true `mustUnderstand`: `1` in SOAP 1.1 (§4.2.3), `true` in
    /// SOAP 1.2 (Part 1 §5.2.3, which also accepts `1`).
    public var mustUnderstandTrue: String {
        switch self {
        case .v11: "1"
        case .v12: "true"
        }
    }

    /// How this version writes a false `mustUnderstand`.
    public var mustUnderstandFalse: String {
        switch self {
        case .v11: "0"
        case .v12: "false"
        }
    }

    // MARK: Private

    private static func quoted(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return "\"" + value + "\"" }
        var escaped = ""
        for character in value {
            if character == "\"" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "\"\(escaped)\""
    }

    private static func unquoted(_ value: String) -> String {
        guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return value }
        var result = ""
        var escaping = false
        for character in value.dropFirst().dropLast() {
            if !escaping, character == "\\" {
                escaping = true
                continue
            }
            escaping = false
            result.append(character)
        }
        return result
    }
}
