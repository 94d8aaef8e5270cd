public import SOAP

/// The fault codes of one WS-Trust version (WS-Trust 1.3 §11; the same table in the
/// 2005/02 submission), each in that version's namespace with the `wst` prefix.
///
/// ```swift
/// SOAPFault(WSTrustFaultCode.v13.invalidRequest)
/// ```
public struct WSTrustFaultCode: Hashable, Sendable {
    /// The WS-Trust namespace the codes are in.
    public let namespace: String

    /// WS-Trust 1.3 (OASIS, `http://docs.oasis-open.org/ws-sx/ws-trust/200512`).
    public static let v13 = WSTrustFaultCode(namespace: "http://docs.oasis-open.org/ws-sx/ws-trust/200512")
    /// WS-Trust February 2005 (`http://schemas.xmlsoap.org/ws/2005/02/trust`), still sent by
    /// older WCF and WSE clients.
    public static let v200502 = WSTrustFaultCode(namespace: "http://schemas.xmlsoap.org/ws/2005/02/trust")

    private init(namespace: String) { self.namespace = namespace }

    /// `wst:InvalidRequest`: the request was invalid or malformed.
    public var invalidRequest: SecurityFaultCode { code("InvalidRequest", "The request was invalid or malformed") }
    /// `wst:FailedAuthentication`: authentication failed.
    public var failedAuthentication: SecurityFaultCode { code("FailedAuthentication", "Authentication failed") }
    /// `wst:RequestFailed`: the specified request failed.
    public var requestFailed: SecurityFaultCode { code("RequestFailed", "The specified request failed") }
    /// `wst:InvalidSecurityToken`: the security token has been revoked.
    public var invalidSecurityToken: SecurityFaultCode { code("InvalidSecurityToken", "Security token has been revoked") }
    /// `wst:AuthenticationBadElements`: insufficient digest elements.
    public var authenticationBadElements: SecurityFaultCode { code("AuthenticationBadElements", "Insufficient Digest Elements") }
    /// `wst:BadRequest`: the RequestSecurityToken is not understood.
    public var badRequest: SecurityFaultCode { code("BadRequest", "The specified RequestSecurityToken is not understood.") }
    /// `wst:ExpiredData`: the request data is out-of-date.
    public var expiredData: SecurityFaultCode { code("ExpiredData", "The request data is out-of-date") }
    /// `wst:InvalidTimeRange`: the requested time range is invalid or unsupported.
    public var invalidTimeRange: SecurityFaultCode { code("InvalidTimeRange", "The requested time range is invalid or unsupported") }
    /// `wst:InvalidScope`: the request scope is invalid or unsupported.
    public var invalidScope: SecurityFaultCode { code("InvalidScope", "The request scope is invalid or unsupported") }
    /// `wst:RenewNeeded`: a renewable security token has expired.
    public var renewNeeded: SecurityFaultCode { code("RenewNeeded", "A renewable security token has expired") }
    /// `wst:UnableToRenew`: the requested renewal failed.
    public var unableToRenew: SecurityFaultCode { code("UnableToRenew", "The requested renewal failed") }

    /// Every code of this version, in the order of the specification's table.
    public var all: [SecurityFaultCode] {
        [
            invalidRequest, failedAuthentication, requestFailed, invalidSecurityToken, authenticationBadElements,
            badRequest, expiredData, invalidTimeRange, invalidScope, renewNeeded, unableToRenew,
        ]
    }

    private func code(_ localName: String, _ reason: String) -> SecurityFaultCode {
        SecurityFaultCode(namespace, localName, prefix: "wst", reason: reason)
    }
}
