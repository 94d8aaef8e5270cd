/// The fault codes of OASIS Web Services Security: SOAP Message Security 1.0 §12 (the
/// "unsupported" and "failure" classes) and the WSS 1.1 timestamp expiry fault.
///
/// A service sends one of these with its default reason. Which code an internal error maps to
/// is decided in one place by the layer that raised it; no reason text beyond the table's
/// goes on the wire.
public enum WSSFaultCode {
    /// `wsse:UnsupportedSecurityToken`: an unsupported token was provided.
    public static let unsupportedSecurityToken = code("UnsupportedSecurityToken", "An unsupported token was provided")
    /// `wsse:UnsupportedAlgorithm`: an unsupported signature or encryption algorithm was used.
    public static let unsupportedAlgorithm = code("UnsupportedAlgorithm", "An unsupported signature or encryption algorithm was used")
    /// `wsse:InvalidSecurity`: an error was discovered processing the `wsse:Security` header.
    public static let invalidSecurity = code("InvalidSecurity", "An error was discovered processing the <wsse:Security> header.")
    /// `wsse:InvalidSecurityToken`: an invalid security token was provided.
    public static let invalidSecurityToken = code("InvalidSecurityToken", "An invalid security token was provided")
    /// `wsse:FailedAuthentication`: the token could not be authenticated or authorized.
    public static let failedAuthentication = code("FailedAuthentication", "The security token could not be authenticated or authorized")
    /// `wsse:FailedCheck`: the signature or decryption was invalid.
    public static let failedCheck = code("FailedCheck", "The signature or decryption was invalid")
    /// `wsse:SecurityTokenUnavailable`: a referenced token could not be retrieved.
    public static let securityTokenUnavailable = code("SecurityTokenUnavailable", "Referenced security token could not be retrieved")
    /// `wsu:MessageExpired`: the message has expired (WSS 1.1 §12; the `tTimestampFault` type of
    /// the WSS 1.0 utility schema puts it in the `wsu` namespace).
    public static let messageExpired = SecurityFaultCode(
        WSSNamespace.utility, "MessageExpired", prefix: "wsu", reason: "The message has expired")
    /// `wsse:MessageExpired`, the spelling WSS4J and others send. Recognised when reading a
    /// fault; this library sends ``messageExpired``.
    public static let messageExpiredInSecext = code("MessageExpired", "The message has expired")

    /// The codes this library sends, in the order of the specification's table.
    public static let all: [SecurityFaultCode] = [
        unsupportedSecurityToken, unsupportedAlgorithm, invalidSecurity, invalidSecurityToken,
        failedAuthentication, failedCheck, securityTokenUnavailable, messageExpired,
    ]

    private static func code(_ localName: String, _ reason: String) -> SecurityFaultCode {
        SecurityFaultCode(WSSNamespace.secext, localName, prefix: "wsse", reason: reason)
    }
}
