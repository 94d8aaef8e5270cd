public import SOAP

/// The fault codes of one WS-SecureConversation version (WS-SecureConversation 1.3 §8; the
/// same table in the 2005/02 submission), each in that version's namespace with the `wsc`
/// prefix.
public struct WSSCFaultCode: Hashable, Sendable {
    /// The WS-SecureConversation namespace the codes are in.
    public let namespace: String

    /// WS-SecureConversation 1.3 (`http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512`).
    public static let v13 = WSSCFaultCode(namespace: "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512")
    /// WS-SecureConversation February 2005 (`http://schemas.xmlsoap.org/ws/2005/02/sc`).
    public static let v200502 = WSSCFaultCode(namespace: "http://schemas.xmlsoap.org/ws/2005/02/sc")

    private init(namespace: String) { self.namespace = namespace }

    /// `wsc:BadContextToken`: the requested context elements are insufficient or unsupported.
    public var badContextToken: SecurityFaultCode {
        code("BadContextToken", "The requested context elements are insufficient or unsupported.")
    }
    /// `wsc:UnsupportedContextToken`: not all values associated with the SCT are supported.
    public var unsupportedContextToken: SecurityFaultCode {
        code("UnsupportedContextToken", "Not all of the values associated with the SCT are supported.")
    }
    /// `wsc:UnknownDerivationSource`: the source for a key derivation is unknown.
    public var unknownDerivationSource: SecurityFaultCode {
        code("UnknownDerivationSource", "The specified source for the derivation is unknown.")
    }
    /// `wsc:RenewNeeded`: the provided context token has expired.
    public var renewNeeded: SecurityFaultCode { code("RenewNeeded", "The provided context token has expired") }
    /// `wsc:UnableToRenew`: the context token could not be renewed.
    public var unableToRenew: SecurityFaultCode {
        code("UnableToRenew", "The specified context token could not be renewed.")
    }

    /// Every code of this version, in the order of the specification's table.
    public var all: [SecurityFaultCode] {
        [badContextToken, unsupportedContextToken, unknownDerivationSource, renewNeeded, unableToRenew]
    }

    private func code(_ localName: String, _ reason: String) -> SecurityFaultCode {
        SecurityFaultCode(namespace, localName, prefix: "wsc", reason: reason)
    }
}
