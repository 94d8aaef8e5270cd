/// The WS-Trust dialect of a request, answered in kind: WS-Trust 1.3 (with the 1.4 additions)
/// or the February 2005 namespace older WCF/ADFS clients send.
public enum WSTrustVersion: String, Hashable, Sendable, CaseIterable {
    case v13 = "http://docs.oasis-open.org/ws-sx/ws-trust/200512"
    case v200502 = "http://schemas.xmlsoap.org/ws/2005/02/trust"

    /// The WS-Trust 1.4 namespace, home of `ActAs` (WS-Trust 1.4 §9.2).
    public static let v14Namespace = "http://docs.oasis-open.org/ws-sx/ws-trust/200802"

    public var namespace: String { rawValue }

    /// The version whose namespace an RST's root element uses.
    public init?(namespace: String?) {
        guard let namespace, let version = Self(rawValue: namespace) else { return nil }
        self = version
    }

    /// The WS-Addressing Action of a request of `type` (WS-Trust 1.3 §4.1, 2005/02 §4).
    public func requestAction(_ type: RequestType) -> String {
        "\(namespace)/RST/\(type.name)"
    }

    /// The WS-Addressing Action of the final response to a request of `type`:
    /// `RSTRC/IssueFinal` and `RSTR/{Validate,Renew,Cancel}Final` in 1.3, `RSTR/{type}` in 2005/02.
    public func responseAction(_ type: RequestType) -> String {
        switch self {
        case .v13: type == .issue ? "\(namespace)/RSTRC/IssueFinal" : "\(namespace)/RSTR/\(type.name)Final"
        case .v200502: "\(namespace)/RSTR/\(type.name)"
        }
    }

    /// The ComputedKey algorithm URI for P_SHA1 (WS-Trust 1.3 §4.4.4).
    public var computedKeyPSHA1: String { "\(namespace)/CK/PSHA1" }

    /// `BinarySecret` Type for a nonce (entropy) and for a symmetric key.
    public var binarySecretNonce: String { "\(namespace)/Nonce" }
    public var binarySecretSymmetricKey: String { "\(namespace)/SymmetricKey" }

    /// The TokenType that asks Validate for a status only (WS-Trust 1.3 §7).
    public var statusTokenType: String { "\(namespace)/RSTR/Status" }
    public var validStatusCode: String { "\(namespace)/status/valid" }
    public var invalidStatusCode: String { "\(namespace)/status/invalid" }
}
