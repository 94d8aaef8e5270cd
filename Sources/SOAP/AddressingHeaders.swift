#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
public import XMLCore

/// The WS-Addressing message addressing properties carried as SOAP header blocks
/// (WS-Addressing 1.0 Core §3, SOAP Binding §2): destination, action, message ID, relations,
/// and where replies and faults go. Read in either namespace; ``version`` says which, so a
/// reply can be written in the same one.
public struct AddressingHeaders: Hashable, Sendable {
    /// A `RelatesTo` header: the message this one relates to, and how.
    public struct RelatesTo: Hashable, Sendable {
        /// The related message's `MessageID`.
        public var messageID: String
        /// The `RelationshipType` attribute; nil means a reply (Core §3.2).
        public var relationshipType: String?

        public init(messageID: String, relationshipType: String? = nil) {
            self.messageID = messageID
            self.relationshipType = relationshipType
        }
    }

    /// The namespace the headers are (to be) written in.
    public var version: WSAddressingVersion
    /// `wsa:To`, the destination address.
    public var to: String?
    /// `wsa:Action`.
    public var action: String?
    /// `wsa:MessageID`.
    public var messageID: String?
    /// `wsa:RelatesTo`, in document order.
    public var relatesTo: [RelatesTo]
    /// `wsa:ReplyTo`.
    public var replyTo: EndpointReference?
    /// `wsa:FaultTo`.
    public var faultTo: EndpointReference?

    public init(
        version: WSAddressingVersion = .v10, to: String? = nil, action: String? = nil, messageID: String? = nil,
        relatesTo: [RelatesTo] = [], replyTo: EndpointReference? = nil, faultTo: EndpointReference? = nil
    ) {
        self.version = version
        self.to = to
        self.action = action
        self.messageID = messageID
        self.relatesTo = relatesTo
        self.replyTo = replyTo
        self.faultTo = faultTo
    }

    /// A fresh message ID: `urn:uuid:` and a random (version 4) UUID, lowercase. The 128 bits
    /// come from the system CSPRNG in one `getrandom` call (Foundation's `UUID()` opens
    /// `/dev/urandom` on every call on Linux, and `SystemRandomNumberGenerator` makes a system
    /// call per 8 bytes).
    public static func newMessageID() -> String {
        var bits = SystemRandomBytes.uint128()
        return withUnsafeMutableBytes(of: &bits) { uuid in
            uuid[6] = uuid[6] & 0x0F | 0x40  // version 4
            uuid[8] = uuid[8] & 0x3F | 0x80  // RFC 4122 variant
            return String(unsafeUninitializedCapacity: 45) { text in
                let prefix = "urn:uuid:".utf8
                _ = text.initialize(fromContentsOf: prefix)
                var count = prefix.count
                for (index, byte) in uuid.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[count] = UInt8(ascii: "-")
                        count += 1
                    }
                    text[count] = hexDigit(byte >> 4)
                    text[count + 1] = hexDigit(byte & 0x0F)
                    count += 2
                }
                return count
            }
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// The local names of the header blocks this model reads and writes.
    private static let headerNames = ["To", "Action", "MessageID", "RelatesTo", "ReplyTo", "FaultTo"]

    /// The names of the header blocks this model reads in `version`'s namespace: the blocks a
    /// node that processes these headers understands (SOAP 1.2 Part 1 §5.2.3).
    public static func headerBlockNames(in version: WSAddressingVersion) -> Set<QName> {
        Set(headerNames.map { QName(version.namespace, $0) })
    }

    // MARK: Reading

    /// Reads the addressing headers of `envelope`; nil when it carries none in either
    /// namespace.
    ///
    /// - Throws: ``SOAPError/Code/invalidAddressingHeader`` when headers of both namespaces
    ///   are present, when `To`, `Action`, `MessageID`, `ReplyTo` or `FaultTo` occurs twice
    ///   (1.0 SOAP Binding §6.4.1, invalid cardinality: one copy could be signed and the
    ///   other used), or when a value is empty.
    public init?(reading envelope: SOAPEnvelope) throws(SOAPError) {
        var found: [(version: WSAddressingVersion, block: XMLElement)] = []
        for block in envelope.headerBlocks where Self.headerNames.contains(block.localName) {
            guard let namespace = block.namespaceURI, let version = WSAddressingVersion(namespace: namespace) else { continue }
            found.append((version, block))
        }
        guard let version = found.first?.version else { return nil }
        guard found.allSatisfy({ $0.version == version }) else {
            throw SOAPError(.invalidAddressingHeader, "addressing headers in both WS-Addressing namespaces")
        }
        self.init(version: version)
        var seen = NamesSeen(known: Self.headerNames)
        for (_, block) in found {
            let name = block.localName
            guard seen.insert(name) || name == "RelatesTo" else {
                throw SOAPError(.invalidAddressingHeader, "the header wsa:\(name) occurs twice")
            }
            switch name {
            case "To": to = try Self.value(of: block)
            case "Action": action = try Self.value(of: block)
            case "MessageID": messageID = try Self.value(of: block)
            case "RelatesTo":
                relatesTo.append(
                    RelatesTo(messageID: try Self.value(of: block), relationshipType: block.attribute("RelationshipType")?.trimmingXMLWhitespace()))
            case "ReplyTo": replyTo = try EndpointReference(element: block, version: version)
            default: faultTo = try EndpointReference(element: block, version: version)
            }
        }
    }

    private static func value(of block: XMLElement) throws(SOAPError) -> String {
        let value = block.trimmedText
        guard !value.isEmpty else {
            throw SOAPError(.invalidAddressingHeader, "the header wsa:\(block.localName) is empty")
        }
        return value
    }

    // MARK: Writing

    /// Writes the headers into `envelope` (creating its `Header` if needed) in ``version``'s
    /// namespace with the `wsa` prefix, first removing the addressing headers of either
    /// namespace it already carries, so the result always reads back as exactly this value.
    /// `markingMustUnderstand` marks `Action` and `To`, as WCF does.
    public func write(to envelope: SOAPEnvelope, markingMustUnderstand: Bool = false) {
        for block in envelope.headerBlocks where Self.headerNames.contains(block.localName) {
            if let namespace = block.namespaceURI, WSAddressingVersion(namespace: namespace) != nil {
                block.remove()
            }
        }
        let header = envelope.ensureHeader()
        let namespace = version.namespace
        func add(_ localName: String, _ value: String) -> XMLElement {
            let block = header.addChild(localName, namespace, prefix: "wsa")
            block.setText(value)
            return block
        }
        if let action {
            let block = add("Action", action)
            if markingMustUnderstand { envelope.setMustUnderstand(true, on: block) }
        }
        if let messageID { _ = add("MessageID", messageID) }
        for relation in relatesTo {
            let block = add("RelatesTo", relation.messageID)
            if let type = relation.relationshipType { block.setAttribute("RelationshipType", value: type) }
        }
        replyTo?.write(into: header, as: "ReplyTo", version: version)
        faultTo?.write(into: header, as: "FaultTo", version: version)
        if let to {
            let block = add("To", to)
            if markingMustUnderstand { envelope.setMustUnderstand(true, on: block) }
        }
    }

    // MARK: Replies

    /// The headers of a reply to the message these headers came from (WS-Addressing 1.0 Core
    /// §3.4): same namespace, sent to `ReplyTo` (the anonymous address when absent), related
    /// to this message's ID, with a new ID and the given action.
    public func reply(action: String, messageID: String = AddressingHeaders.newMessageID()) -> AddressingHeaders {
        AddressingHeaders(
            version: version,
            to: replyTo?.address ?? version.anonymousAddress,
            action: action,
            messageID: messageID,
            relatesTo: self.messageID.map { [RelatesTo(messageID: $0)] } ?? []
        )
    }

    /// The headers of a fault sent in reply to this message: to `FaultTo`, else `ReplyTo`,
    /// else the anonymous address, with the version's fault action (1.0 SOAP Binding §6).
    public func faultReply(messageID: String = AddressingHeaders.newMessageID()) -> AddressingHeaders {
        var headers = reply(action: version.faultAction, messageID: messageID)
        if let faultTo { headers.to = faultTo.address }
        return headers
    }
}
