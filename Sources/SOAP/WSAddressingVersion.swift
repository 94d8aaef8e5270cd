public import XMLCore

/// The two WS-Addressing namespaces a SOAP peer may use. Replies use the one the request used.
public enum WSAddressingVersion: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// W3C WS-Addressing 1.0 (Core and SOAP Binding, May 2006).
    case v10
    /// The August 2004 member submission, still sent by older WCF and WSE clients.
    case submission200408

    /// The namespace of the header blocks.
    public var namespace: String {
        switch self {
        case .v10: "http://www.w3.org/2005/08/addressing"
        case .submission200408: "http://schemas.xmlsoap.org/ws/2004/08/addressing"
        }
    }

    /// The version whose namespace is `namespace`, or nil.
    public init?(namespace: String) {
        guard let version = Self.allCases.first(where: { $0.namespace == namespace }) else { return nil }
        self = version
    }

    /// Whether `element` is in the namespace of either version: a WS-Addressing header block.
    /// Compared in place, without copying the element's namespace URI (every secured message's
    /// headers are sorted by it, by the signer and by the verifier).
    public static func isAddressingElement(_ element: XMLElement) -> Bool {
        allCases.contains { element.isInNamespace($0.namespace) }
    }

    /// The anonymous address: "reply on the back-channel" (WS-Addressing 1.0 Core §2.1).
    public var anonymousAddress: String {
        switch self {
        case .v10: "http://www.w3.org/2005/08/addressing/anonymous"
        case .submission200408: "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
        }
    }

    /// The `Action` of a fault message (WS-Addressing 1.0 SOAP Binding §6; the submission's
    /// §4).
    public var faultAction: String {
        switch self {
        case .v10: "http://www.w3.org/2005/08/addressing/soap/fault"
        case .submission200408: "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault"
        }
    }

    /// The fault for a repeated or malformed addressing header: `wsa:InvalidAddressingHeader`
    /// (1.0 SOAP Binding §6.4.1) or `wsa:InvalidMessageInformationHeader` (submission §4.1).
    public var invalidAddressingHeader: SecurityFaultCode {
        switch self {
        case .v10:
            SecurityFaultCode(
                namespace, "InvalidAddressingHeader", prefix: "wsa",
                reason: "A header representing a Message Addressing Property is not valid and the message cannot be processed")
        case .submission200408:
            SecurityFaultCode(
                namespace, "InvalidMessageInformationHeader", prefix: "wsa",
                reason: "A message information header is not valid and the message cannot be processed")
        }
    }

    public var description: String {
        switch self {
        case .v10: "WS-Addressing 1.0"
        case .submission200408: "WS-Addressing 2004/08"
        }
    }
}
