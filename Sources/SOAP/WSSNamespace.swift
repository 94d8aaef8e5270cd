import XMLCore

/// The OASIS Web Services Security namespaces the SOAP layer needs to find and fault on
/// security headers.
public enum WSSNamespace {
    /// WSS 1.0 `wsse` (SOAP Message Security 1.0, §4): the `Security` header and its tokens.
    public static let secext = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    /// WSS 1.1 `wsse11` (SOAP Message Security 1.1, §4).
    public static let secext11 = "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd"
    /// WSS 1.0 `wsu` utility namespace: `Id`, `Timestamp`, and the `MessageExpired` fault code.
    public static let utility = IDAttribute.wsuNamespace
}
