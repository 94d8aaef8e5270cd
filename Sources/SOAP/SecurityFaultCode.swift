public import XMLCore

/// A fault code defined by a Web Services security specification (WSS, WS-Trust,
/// WS-SecureConversation, WS-Addressing): its QName, the prefix the specification writes it
/// with, and the specification's default reason text.
///
/// In a SOAP 1.1 fault it is the `faultcode`; in a SOAP 1.2 fault it is the `Subcode/Value`
/// under `Sender` (WSS 1.1 SOAP Message Security §12). The default reason is what a service
/// should send: it describes the class of failure and nothing about the message.
public struct SecurityFaultCode: Hashable, Sendable, CustomStringConvertible {
    /// The expanded name of the code.
    public let name: QName
    /// The prefix the defining specification uses (`wsse`, `wsu`, `wst`, `wsc`, `wsa`).
    public let preferredPrefix: String
    /// The reason the defining specification gives for the code.
    public let defaultReason: String

    /// A code in `namespace` named `localName`.
    public init(_ namespace: String, _ localName: String, prefix: String, reason: String) {
        self.name = QName(namespace, localName)
        self.preferredPrefix = prefix
        self.defaultReason = reason
    }

    /// The code as the specification writes it, `wsse:InvalidSecurity`.
    public var description: String { "\(preferredPrefix):\(name.localName)" }

    /// Every code this module defines: WSS 1.0/1.1, WS-Trust 1.3 and 2005/02,
    /// WS-SecureConversation 1.3 and 2005/02, and the WS-Addressing header faults.
    public static let all: [SecurityFaultCode] =
        WSSFaultCode.all
        + WSTrustFaultCode.v13.all + WSTrustFaultCode.v200502.all
        + WSSCFaultCode.v13.all + WSSCFaultCode.v200502.all
        + WSAddressingVersion.allCases.map(\.invalidAddressingHeader)

    private static let byName: [QName: SecurityFaultCode] = {
        var table: [QName: SecurityFaultCode] = [:]
        for code in all { table[code.name] = code }
        // WSS4J and others send the WSS 1.1 expiry fault in the wsse namespace.
        table[WSSFaultCode.messageExpiredInSecext.name] = WSSFaultCode.messageExpiredInSecext
        return table
    }()

    /// The known code named `name`, for reading a received fault.
    public static func known(_ name: QName) -> SecurityFaultCode? {
        byName[name]
    }
}
