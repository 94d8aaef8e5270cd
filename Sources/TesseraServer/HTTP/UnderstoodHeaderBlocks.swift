public import SOAP
public import XMLCore

/// The header blocks a SOAP endpoint processes: the ones a request may mark `mustUnderstand`
/// (SOAP 1.1 §4.2.3, SOAP 1.2 Part 1 §5.2.3). Every endpoint states its own and the shared
/// request path (``SOAPHTTPBinding``) refuses, before the message is processed, a mandatory
/// block targeted at this node that is not among them.
public struct UnderstoodHeaderBlocks: Sendable, Hashable {
    /// Blocks understood by name.
    public var names: Set<QName> {
        didSet { namesWithAddressing = Self.namesWithAddressing(names) }
    }
    /// Whether the WS-Addressing headers are understood: those ``AddressingHeaders`` reads, in
    /// the one namespace the request uses.
    public var addressing: Bool
    /// The roles this node plays (SOAP 1.2 Part 1 §2.2): an endpoint is the ultimate receiver
    /// and `next`; an intermediary that forwards to the ultimate receiver plays `next` only.
    public var roles: Set<SOAPRole>

    public init(names: Set<QName>, addressing: Bool, roles: Set<SOAPRole> = [.ultimateReceiver, .next]) {
        self.names = names
        self.addressing = addressing
        self.roles = roles
        namesWithAddressing = Self.namesWithAddressing(names)
    }

    /// ``names`` with the WS-Addressing header blocks of each version, made when the names are
    /// set rather than for every request.
    private var namesWithAddressing: [WSAddressingVersion: Set<QName>]

    private static func namesWithAddressing(_ names: Set<QName>) -> [WSAddressingVersion: Set<QName>] {
        Dictionary(uniqueKeysWithValues: WSAddressingVersion.allCases.map { ($0, names.union(AddressingHeaders.headerBlockNames(in: $0))) })
    }

    /// What an endpoint that runs WS-Security and WS-Addressing processes: `wsse:Security`
    /// (WSS 1.1 SOAP Message Security §5), `wsse11:EncryptedHeader` (a header block encrypted
    /// in place, decrypted while the security header is processed) and the WS-Addressing
    /// headers. The STS endpoints and the secure-conversation endpoint understand these.
    public static let securityAndAddressing = UnderstoodHeaderBlocks(
        names: [QName(WSSNamespace.secext, "Security"), QName(WSSNamespace.secext11, "EncryptedHeader")],
        addressing: true)

    /// The names understood in a request whose WS-Addressing headers are in `addressingVersion`'s
    /// namespace (nil: it carries none).
    func names(addressingVersion: WSAddressingVersion?) -> Set<QName> {
        guard addressing, let addressingVersion else { return names }
        return namesWithAddressing[addressingVersion] ?? names.union(AddressingHeaders.headerBlockNames(in: addressingVersion))
    }
}
