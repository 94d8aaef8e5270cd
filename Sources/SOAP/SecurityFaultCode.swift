public import XMLCore

/// A fault code defined by a Web Services security specification (WSS, WS-Trust,
/// WS-SecureConversation, WS-Addressing): its QName, the prefix the specification writes it
/// with, and the specification's default reason text. Each specification's module defines its
/// codes: ``WSSFaultCode`` here, `WSTrustFaultCode` in WSTrust, `WSSCFaultCode` in
/// SecureConversation.
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
    public var description: String { preferredPrefix.isEmpty ? name.localName : "\(preferredPrefix):\(name.localName)" }

    /// Codes are equal when their names are: the prefix and the reason are how a code is written.
    public static func == (lhs: SecurityFaultCode, rhs: SecurityFaultCode) -> Bool { lhs.name == rhs.name }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
