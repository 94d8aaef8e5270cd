import SOAP

/// Fault codes of WS-Trust and WS-SecureConversation as their modules define them, so the SOAP
/// layer is tested with codes in namespaces and prefixes it does not define itself.
enum OtherSpecificationFaultCodes {
    static let invalidRequest = SecurityFaultCode(
        "http://docs.oasis-open.org/ws-sx/ws-trust/200512", "InvalidRequest", prefix: "wst", reason: "The request was invalid or malformed")
    static let badRequest200502 = SecurityFaultCode(
        "http://schemas.xmlsoap.org/ws/2005/02/trust", "BadRequest", prefix: "wst", reason: "The specified RequestSecurityToken is not understood.")
    static let requestFailed = SecurityFaultCode(
        "http://docs.oasis-open.org/ws-sx/ws-trust/200512", "RequestFailed", prefix: "wst", reason: "The specified request failed")
    static let badContextToken = SecurityFaultCode(
        "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512", "BadContextToken", prefix: "wsc",
        reason: "The requested context elements are insufficient or unsupported.")
}
